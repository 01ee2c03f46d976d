"""The simple EMS model of `beacon-bench simulation`, in SimPy, idiomatic (one process per busy unit).

usage: ems_simpy.py CALLS_PER_YEAR UNITS ZONES SERVICE_MEAN_S SEED
Prints one JSON line: engine, version, run_s, events, calls, mean_response_s, p90_response_s, queued_share, utilisation.

Model (the same as Tools/bench/SimulationBenchmark.swift):
- a year (365 d) of Poisson calls at CALLS_PER_YEAR, each in a zone drawn uniformly from ZONES zones on a
  square grid 1 km apart;
- UNITS units, unit u based at zone (u * 37 + 5) % ZONES; travel seconds zone z <-> unit u's base =
  90 + 120 * straight-line km (a fixed matrix);
- a call takes the nearest available unit (lowest index on ties); with none free it waits first-in first-out
  and is taken by the next unit back at base; the unit drives out, serves an exponential time (SERVICE_MEAN_S)
  and drives back;
- response = call -> on scene; utilisation = unit busy time (dispatch -> back at base) / (units x year).
Events counted: call, on scene, clear, back at base (4 per call), the same as the Swift side.
"""
import collections, json, math, random, sys, time

import simpy


def main():
    calls_per_year, units, zones, service_mean, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    side = math.isqrt(zones)
    year = 365 * 86400.0
    rate = calls_per_year / year
    home = [(u * 37 + 5) % zones for u in range(units)]
    travel = [[90 + 120 * math.hypot(z % side - home[u] % side, z // side - home[u] // side) for u in range(units)] for z in range(zones)]
    rng = random.Random(seed)
    env = simpy.Environment()
    busy = [False] * units
    waiting = collections.deque()
    responses = []
    counters = {"events": 0, "calls": 0, "queued": 0, "busy": 0.0}

    def unit_run(u, zone, called):
        busy[u] = True
        start = env.now
        while True:
            tt = travel[zone][u]
            yield env.timeout(tt)
            counters["events"] += 1
            responses.append(env.now - called)
            yield env.timeout(rng.expovariate(1.0 / service_mean))
            counters["events"] += 1
            yield env.timeout(tt)
            counters["events"] += 1
            if waiting:
                zone, called = waiting.popleft()
                continue
            break
        busy[u] = False
        counters["busy"] += env.now - start

    def calls():
        while True:
            yield env.timeout(rng.expovariate(rate))
            counters["events"] += 1
            counters["calls"] += 1
            zone = rng.randrange(zones)
            row = travel[zone]
            best = -1
            for u in range(units):
                if not busy[u] and (best < 0 or row[u] < row[best]):
                    best = u
            if best < 0:
                counters["queued"] += 1
                waiting.append((zone, env.now))
            else:
                env.process(unit_run(best, zone, env.now))

    env.process(calls())
    t0 = time.perf_counter()
    env.run(until=year)
    run_s = time.perf_counter() - t0
    responses.sort()
    n = len(responses)
    pos = 0.9 * (n - 1)
    i = int(pos)
    p90 = responses[i] + (pos - i) * (responses[i + 1] - responses[i]) if i + 1 < n else responses[i]
    print(json.dumps({"engine": "SimPy", "version": simpy.__version__, "run_s": run_s, "events": counters["events"],
                      "calls": counters["calls"], "mean_response_s": sum(responses) / n, "p90_response_s": p90,
                      "queued_share": counters["queued"] / counters["calls"], "utilisation": counters["busy"] / (units * year)}))


if __name__ == "__main__":
    main()
