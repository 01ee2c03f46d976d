#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor (a file or standard input) line by line into one growing buffer, without copying
/// lines: each line is a view valid until the next call. Strips `\r\n`, `\n` and a leading UTF-8 BOM.
/// Sole owner of its buffer (freed in `deinit`); the descriptor is closed when this source opened it.
public final class LineSource {
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var eof = false
    private let fd: Int32
    private let ownsDescriptor: Bool
    /// 1-based number of the line last returned.
    public private(set) var lineNumber = 0
    /// Bytes read so far.
    public private(set) var bytesRead = 0

    /// Opens a file for reading; throws with the path and the system's message.
    public init(path: String, chunkBytes: Int = 1 << 20) throws(ReadError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ReadError("cannot open \(path): \(String(cString: strerror(errno)))") }
        self.fd = fd
        ownsDescriptor = true
        capacity = chunkBytes
        buffer = .allocate(capacity: chunkBytes)
    }

    /// Reads standard input (a feed piped in); lines are returned as soon as they arrive.
    public init(standardInput: Void = (), chunkBytes: Int = 1 << 16) {
        fd = 0
        ownsDescriptor = false
        capacity = chunkBytes
        buffer = .allocate(capacity: chunkBytes)
    }

    deinit {
        buffer.deallocate()
        if ownsDescriptor { close(fd) }
    }

    /// The next line, or nil at the end of input. Blocks on a pipe until a whole line (or the end) arrives.
    public func nextLine() -> UnsafeBufferPointer<UInt8>? {
        while true {
            if let nl = memchrIndex() {
                var lineEnd = nl
                if lineEnd > start, buffer[lineEnd - 1] == 13 { lineEnd -= 1 }
                return take(from: start, to: lineEnd, next: nl + 1)
            }
            if eof {
                guard end > start else { return nil }
                var lineEnd = end
                if buffer[lineEnd - 1] == 13 { lineEnd -= 1 }
                return take(from: start, to: lineEnd, next: end)
            }
            fill()
        }
    }

    private func take(from a: Int, to b: Int, next: Int) -> UnsafeBufferPointer<UInt8> {
        var a = a
        if lineNumber == 0, b - a >= 3, buffer[a] == 0xEF, buffer[a + 1] == 0xBB, buffer[a + 2] == 0xBF { a += 3 }
        lineNumber += 1
        start = next
        return UnsafeBufferPointer(start: buffer + a, count: max(0, b - a))
    }

    private func memchrIndex() -> Int? {
        guard end > start, let p = memchr(buffer + start, 10, end - start) else { return nil }
        return buffer.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }

    private func fill() {
        if start > 0 {
            (buffer).update(from: buffer + start, count: end - start)
            end -= start
            start = 0
        }
        if end == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        let n = read(fd, buffer + end, capacity - end)
        if n <= 0 { eof = true } else { end += n; bytesRead += n }
    }
}

/// A reader failure that stops the whole input (cannot open, no header, unknown format), with its cause.
public struct ReadError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
