"""CLIPS 6.4 (clipspy) and durable_rules on the same sensor-reading rules and facts as `beacon-bench rules`.

usage: rules_peers.py RULES.json FACTS.csv
Prints one JSON line per engine: engine, version, load_ms, run_s, facts_per_s, alerts, checksum, per_level.
End to end = read the CSV, build the facts, match, collect the alerts (id, rule) — as the Swift side does.
Each rule: kind, zone, level, dir (up|down), a < b < c < d thresholds (down: a > b > c > d), trend t;
  IV: a ≤ v < b   III: b ≤ v < c   II: c ≤ v < d   I: v ≥ d or (trend ≥ t and v ≥ c)   (mirrored for down)
"""
import csv, json, sys, time


def read_facts(path):
    with open(path, newline="") as f:
        r = csv.reader(f)
        next(r)
        return [(int(row[0]), row[1], row[2], float(row[3]), float(row[4])) for row in r]


def checksum(alerts, index):
    per = {}
    s = 0
    for fid, name in alerts:
        i, level = index[name]
        s += fid * 1000 + i
        per[level] = per.get(level, 0) + 1
    return s, per


def clips_constraint(rule):
    a, b, c, d, t = rule["a"], rule["b"], rule["c"], rule["d"], rule["t"]
    lv = rule["level"]
    if rule["dir"] == "up":
        ge, lt, tr = ">=", "<", ">="
    else:
        ge, lt, tr = "<=", ">", "<="
    if lv == "IV":
        return f"(and ({ge} ?v {a!r}) ({lt} ?v {b!r}))"
    if lv == "III":
        return f"(and ({ge} ?v {b!r}) ({lt} ?v {c!r}))"
    if lv == "II":
        return f"(and ({ge} ?v {c!r}) ({lt} ?v {d!r}))"
    return f"(or ({ge} ?v {d!r}) (and ({tr} ?t {t!r}) ({ge} ?v {c!r})))"


def run_clips(rules, facts_path, index):
    import clips
    t0 = time.perf_counter()
    env = clips.Environment()
    env.build("(deftemplate reading (slot id (type INTEGER)) (slot kind (type SYMBOL)) (slot zone (type SYMBOL)) (slot value (type FLOAT)) (slot trend (type FLOAT)))")
    env.build("(deftemplate alert (slot id (type INTEGER)) (slot rule (type SYMBOL)))")
    for r in rules:
        env.build(f"(defrule {r['name']} (reading (id ?id) (kind {r['kind']}) (zone {r['zone']}) (value ?v) (trend ?t&:{clips_constraint(r)})) "
                  f"=> (assert (alert (id ?id) (rule {r['name']}))))")
    load_ms = (time.perf_counter() - t0) * 1000
    t1 = time.perf_counter()
    reading = env.find_template("reading")
    for fid, kind, zone, value, trend in read_facts(facts_path):
        reading.assert_fact(id=fid, kind=clips.Symbol(kind), zone=clips.Symbol(zone), value=value, trend=trend)
    env.run()
    alerts = [(f["id"], str(f["rule"])) for f in env.facts() if f.template.name == "alert"]
    run_s = time.perf_counter() - t1
    try:
        from importlib.metadata import version
        v = version("clipspy")
    except Exception:
        v = "?"
    return "CLIPS 6.4 (clipspy %s)" % v, load_ms, run_s, alerts


def run_durable(rules, facts_path, index):
    from durable.lang import ruleset, when_all, m, assert_fact
    from durable.engine import MessageNotHandledException
    alerts = []
    t0 = time.perf_counter()

    def cond(r):
        a, b, c, d, t = r["a"], r["b"], r["c"], r["d"], r["t"]
        base = (m.kind == r["kind"]) & (m.zone == r["zone"])
        up = r["dir"] == "up"
        ge = (lambda x: m.value >= x) if up else (lambda x: m.value <= x)
        lt = (lambda x: m.value < x) if up else (lambda x: m.value > x)
        tr = (m.trend >= t) if up else (m.trend <= t)
        lv = r["level"]
        if lv == "IV":
            return base & ge(a) & lt(b)
        if lv == "III":
            return base & ge(b) & lt(c)
        if lv == "II":
            return base & ge(c) & lt(d)
        return base & (ge(d) | (tr & ge(c)))

    with ruleset("beacon_alerts"):
        for r in rules:
            def make(name):
                def action(c):
                    alerts.append((c.m.fid, name))
                return action
            when_all(cond(r))(make(r["name"]))
    load_ms = (time.perf_counter() - t0) * 1000
    t1 = time.perf_counter()
    batch = [{"id": fid, "fid": fid, "kind": kind, "zone": zone, "value": value, "trend": trend}
             for fid, kind, zone, value, trend in read_facts(facts_path)]
    for fact in batch:
        try:
            assert_fact("beacon_alerts", fact)
        except MessageNotHandledException:
            pass  # a reading below every threshold matches no rule; durable_rules reports it as an exception
    # durable_rules splits `a & (b | c)` into two alternatives and fires once per alternative that matches;
    # count each (reading, rule) once, as CLIPS and Beacon do.
    alerts = sorted(set(alerts))
    run_s = time.perf_counter() - t1
    try:
        from importlib.metadata import version
        v = version("durable_rules")
    except Exception:
        v = "?"
    return "durable_rules %s" % v, load_ms, run_s, alerts


def main():
    rules = json.load(open(sys.argv[1]))
    facts_path = sys.argv[2]
    n = sum(1 for _ in open(facts_path)) - 1
    index = {r["name"]: (i, r["level"]) for i, r in enumerate(rules)}
    for runner in (run_clips, run_durable):
        try:
            name, load_ms, run_s, alerts = runner(rules, facts_path, index)
            s, per = checksum(alerts, index)
            print(json.dumps({"engine": name, "load_ms": load_ms, "run_s": run_s, "facts_per_s": n / run_s,
                              "alerts": len(alerts), "checksum": s, "per_level": per}), flush=True)
        except Exception as e:  # report and go on with the other peer
            print(json.dumps({"engine": runner.__name__, "error": ("%s: %s" % (type(e).__name__, e))[:300]}), flush=True)


if __name__ == "__main__":
    main()
