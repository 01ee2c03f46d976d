import Hazards
import SpatialCore

/// What a hazard footprint touches, zone by zone, and where to send the people: the structured answer
/// the command line prints, the rule engine reads and the dashboard draws. Every figure carries its unit
/// in its name; every estimate carries the assumption it rests on (``PeopleEstimate/assumption``).
public struct ImpactReport: Sendable {
    /// One named feature inside a zone (a school, a unit, a hazard source …).
    public struct Site: Sendable, Hashable {
        public var id: String
        public var kind: String
        public var name: String
        /// The feature's representative point, degrees.
        public var location: Coordinate
        /// Distance from the footprint's reference point (the source, or the polygon's centroid), metres.
        public var distanceMetres: Double
        public init(id: String, kind: String, name: String, location: Coordinate, distanceMetres: Double) {
            self.id = id
            self.kind = kind
            self.name = name
            self.location = location
            self.distanceMetres = distanceMetres
        }
    }

    /// Components (GB/T 30428 city components) of one class and kind.
    public struct ComponentCount: Sendable, Hashable {
        public var classCode: String
        public var kind: String
        public var count: Int
    }

    /// Pipes of one network inside a zone: how many pieces and the clipped length.
    public struct PipeLength: Sendable, Hashable {
        public var network: String
        public var count: Int
        /// Length of pipe geometry inside the zone (GEOS intersection, geodesic length), metres.
        public var lengthInsideMetres: Double
    }

    /// A road to close: it runs through the zone.
    public struct RoadToClose: Sendable, Hashable {
        public var id: String
        public var name: String
        public var kind: String
        /// Length inside the zone (GEOS intersection, geodesic length), metres.
        public var lengthInsideMetres: Double
    }

    /// People inside a zone, and how the number was reached.
    public struct PeopleEstimate: Sendable, Hashable {
        public enum Method: String, Sendable, Hashable {
            case buildings, districts, gridCells = "grid_cells", defaultDensity = "default_density"
        }
        public var count: Int
        public var method: Method
        /// The assumption in words, with its figure and source (printed with every count).
        public var assumption: String
    }

    /// Everything inside one zone (cumulative: the yellow zone includes the orange and red ones).
    public struct Zone: Sendable {
        public var level: ThreatLevel
        public var meaning: String
        public var footprint: Geometry
        public var areaSquareMetres: Double
        public var people: PeopleEstimate
        /// Facilities by kind, schools, hospitals and nursing homes first, then by kind name; each list by distance.
        public var facilities: [(kind: String, sites: [Site])]
        public var components: [ComponentCount]
        public var pipes: [PipeLength]
        /// Longest inside first.
        public var roads: [RoadToClose]
        /// Response units (engines, ambulances …) whose position is inside.
        public var units: [Site]
        /// Fire, ambulance and police stations inside (also listed under `facilities`).
        public var stations: [Site]
        /// Other hazard sources inside: the domino risk. The source itself is left out.
        public var hazardSources: [Site]
        /// Counts by layer/kind of everything else inside (sensors, pipe nodes …), for the record.
        public var otherCounts: [(layer: Layer, kind: String, count: Int)]
    }

    /// A shelter in the evacuation plan.
    public struct ShelterAssignment: Sendable, Hashable {
        public var shelter: Site
        /// Road travel time from the evacuation origin, seconds (`.infinity` when unreachable).
        public var travelSeconds: Double
        public var capacity: Int
        /// People already there before this plan (the shelter's `occupied` attribute, else 0).
        public var alreadyOccupied: Int
        /// People this plan sends there.
        public var assigned: Int
        /// Capacity left after this plan.
        public var remainingCapacity: Int
        /// Why it is used, or why not.
        public var reason: String
    }

    /// Where the people in the evacuation zone go: shelters outside the whole footprint, nearest by road first, filled greedily.
    public struct Evacuation: Sendable {
        /// The zone whose people are moved (orange by default: AEGL-2 / serious injury; red when there is no orange).
        public var zone: ThreatLevel
        public var peopleToMove: Int
        public var origin: Coordinate
        /// In the order they are used (fastest first); shelters not needed follow with `assigned` 0.
        public var shelters: [ShelterAssignment]
        /// People with no shelter place after every reachable shelter is full.
        public var unplaced: Int
        /// Shelters left out, with the reason (inside the footprint, no capacity, not on the road network).
        public var excluded: [(shelter: Site, reason: String)]
        public var notes: [String]
    }

    /// What drew the footprint: a model name, or "drawn polygon".
    public var source: String
    /// The reference point: the release point, or the polygon's centroid.
    public var origin: Coordinate
    /// Outermost (yellow) to innermost (red), as the model returns them; empty zones are left out.
    public var zones: [Zone]
    public var evacuation: Evacuation?
    /// Assumptions and limits of the assessment itself (population, what "inside" means).
    public var notes: [String]
    /// Wall-clock milliseconds spent on the assessment (queries, clipping, routing).
    public var elapsedMilliseconds: Double
}
