import Foundation
import SpatialCore
import SpatialStore

/// The travel-time model a store supports, best first:
/// 1. its road network (``RoadService``: live closures and speed factors) when the roads layer has any road;
/// 2. else a ``DistanceTravelModel`` fitted on the store's own history — closed incidents whose assignments carry
///    both an en-route and an on-scene time, from the unit's home station to the incident (drive only, turnout
///    is added by the dispatcher) — when there are at least ``DistanceModelCalibration/minimumRows`` such trips;
/// 3. else ``DistanceTravelModel/uncalibrated(speedKmh:detourFactor:)``, whose basis says it is uncalibrated and
///    how many trips were found.
/// The model's `basis` names which one answered. Cost: one `LIMIT 1` query, then the road service's load, or one
/// pass over closed incidents and their assignments.
public func travelTimeModel(for store: CityStore) throws -> any TravelTimeModel {
    if try !store.features(in: .roads, limit: 1).isEmpty { return RoadTravelTimes(roads: try RoadService(store: store)) }
    let trips = try measuredTrips(in: store)
    guard trips.count >= DistanceModelCalibration.minimumRows else {
        return DistanceTravelModel.uncalibrated(why: "\(trips.count) measured trips in the store, \(DistanceModelCalibration.minimumRows) needed to fit")
    }
    return try DistanceModelCalibration.fit(trips, source: "closed incidents of \(URL(fileURLWithPath: store.path).lastPathComponent) (en route → on scene, from the home station)")
}

/// Drives measured in a store: for every closed incident with a location, each assignment with both an
/// en-route and an on-scene time, from the unit's home station (its current position when the station is
/// unknown) to the incident. O(incidents + assignments).
public func measuredTrips(in store: CityStore) throws -> [MeasuredTrip] {
    var trips: [MeasuredTrip] = []
    var homes: [String: Coordinate?] = [:]
    for incident in try store.incidents(states: ["closed"]) {
        guard let target = incident.geometry.representativePoint else { continue }
        for a in try store.assignments(incidentID: incident.id, includeReleased: true) {
            guard let rolled = a.enRouteAt.flatMap(DispatchAdvisor.parseTime), let arrived = a.onSceneAt.flatMap(DispatchAdvisor.parseTime),
                  let unit = try store.unit(a.unitID) else { continue }
            if homes[unit.homeFacility] == nil {
                homes[unit.homeFacility] = try store.feature(id: unit.homeFacility)?.geometry.representativePoint
            }
            let origin = (homes[unit.homeFacility] ?? nil) ?? unit.position
            trips.append(MeasuredTrip(originID: unit.id, origin: origin, target: target, travelSeconds: arrived.timeIntervalSince(rolled)))
        }
    }
    return trips
}
