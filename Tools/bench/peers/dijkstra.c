/* Plain binary-heap Dijkstra (lazy deletion, no decrease-key) on CSR arrays: the C peer of
 * beacon-bench route. Input (little-endian): int64 n, int64 m, int64 q, int32 offsets[n+1],
 * int32 targets[m], float64 weights[m], int32 sources[q]. Prints one JSON line:
 * {"mean_ms":…, "checksum":…, "wall_ms":[…], "cpu_ms":[…]} where checksum sums the finite distances of
 * every query and wall_ms / cpu_ms are each query's wall-clock and thread-CPU milliseconds. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct { double key; int32_t node; } Entry;

static double clock_ms(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}
static double now_ms(void) { return clock_ms(CLOCK_MONOTONIC); }
static double cpu_ms(void) { return clock_ms(CLOCK_THREAD_CPUTIME_ID); }

static void push(Entry *heap, int64_t *count, double key, int32_t node) {
    int64_t i = (*count)++;
    while (i > 0) {
        int64_t p = (i - 1) / 2;
        if (heap[p].key <= key) break;
        heap[i] = heap[p];
        i = p;
    }
    heap[i].key = key;
    heap[i].node = node;
}

static Entry pop(Entry *heap, int64_t *count) {
    Entry top = heap[0], last = heap[--(*count)];
    int64_t i = 0, n = *count;
    for (;;) {
        int64_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && heap[c + 1].key < heap[c].key) c++;
        if (heap[c].key >= last.key) break;
        heap[i] = heap[c];
        i = c;
    }
    if (n > 0) heap[i] = last;
    return top;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: dijkstra FILE\n"); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    int64_t n, m, q;
    if (fread(&n, 8, 1, f) != 1 || fread(&m, 8, 1, f) != 1 || fread(&q, 8, 1, f) != 1) return 1;
    int32_t *offsets = malloc((n + 1) * 4), *targets = malloc(m * 4), *sources = malloc(q * 4);
    double *weights = malloc(m * 8), *dist = malloc(n * 8);
    Entry *heap = malloc((m + 1) * sizeof(Entry));
    if (fread(offsets, 4, n + 1, f) != (size_t)(n + 1) || fread(targets, 4, m, f) != (size_t)m
        || fread(weights, 8, m, f) != (size_t)m || fread(sources, 4, q, f) != (size_t)q) {
        fprintf(stderr, "short input\n");
        return 1;
    }
    fclose(f);
    double checksum = 0, total = 0;
    double *wall = malloc(q * sizeof(double)), *cpu = malloc(q * sizeof(double));
    for (int64_t s = 0; s < q; s++) {
        double t0 = now_ms(), c0 = cpu_ms();
        for (int64_t i = 0; i < n; i++) dist[i] = INFINITY;
        int64_t count = 0;
        dist[sources[s]] = 0;
        push(heap, &count, 0, sources[s]);
        while (count > 0) {
            Entry e = pop(heap, &count);
            if (e.key > dist[e.node]) continue;
            for (int32_t k = offsets[e.node]; k < offsets[e.node + 1]; k++) {
                double d = e.key + weights[k];
                int32_t v = targets[k];
                if (d < dist[v]) { dist[v] = d; push(heap, &count, d, v); }
            }
        }
        cpu[s] = cpu_ms() - c0;
        wall[s] = now_ms() - t0;
        total += wall[s];
        for (int64_t i = 0; i < n; i++) if (isfinite(dist[i])) checksum += dist[i];
    }
    printf("{\"mean_ms\": %.3f, \"checksum\": %.6f, \"wall_ms\": [", total / q, checksum);
    for (int64_t s = 0; s < q; s++) printf("%s%.3f", s ? ", " : "", wall[s]);
    printf("], \"cpu_ms\": [");
    for (int64_t s = 0; s < q; s++) printf("%s%.3f", s ? ", " : "", cpu[s]);
    printf("]}\n");
    return 0;
}
