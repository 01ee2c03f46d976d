#!/usr/bin/env bash
# The main job on the default city: build the central-Shanghai store from MapData/ and answer a duty officer's
# first questions. Called by `make demo` with BEACON (the binary) and STORE (the store file) set.
set -euo pipefail
cd "$(dirname "$0")/.."
BEACON=${BEACON:-.build/release/beacon}
STORE=${STORE:-shanghai.beacon.sqlite}
OVERLAY=MapData/shanghai-exercise-overlay
export BEACON_STORE=$STORE BEACON_POST=${BEACON_POST:-demo}

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "A fresh city store: $STORE"
rm -f "$STORE" "$STORE-wal" "$STORE-shm"
$BEACON init "$STORE" --name "Shanghai (central) — exercise"

step "Real roads from OpenStreetMap"
time $BEACON import osm MapData/shanghai_center_roads_2025.osm

step "The exercise overlay (invented facilities, networks and sensors on the real roads)"
for f in "$OVERLAY"/*.geojson; do $BEACON import geojson "$f"; done
$BEACON import stock "$OVERLAY/stock.csv"

step "What the store holds"
$BEACON layers

P=121.4737,31.2304   # People's Square
step "Nearest fire stations to People's Square ($P)"
$BEACON find --near $P --layer facilities --kind fire_station --nearest 3
step "Hydrants within 150 m"
$BEACON find --near $P --radius 150 --layer pipe_nodes --kind hydrant
step "The three nearest hazard sources"
$BEACON find --near $P --nearest 3 --layer hazards
step "Facilities, hazards and units inside fire district 02 (the nearest station's district)"
$BEACON find --in-district ex:fire_district/02 --layer facilities --layer hazards --layer units

FS=$($BEACON find --near $P --layer facilities --kind fire_station --nearest 1 --json | sed -n 's/.*"coordinates":\[\([0-9.]*\),\([0-9.]*\)\].*/\1,\2/p' | head -1)
step "Road route from the nearest fire station ($FS) to People's Square (cold: builds and caches the graph)"
time $BEACON route --from "$FS" --to $P
step "Service areas from station 02: 3, 5 and 8 minutes"
$BEACON reach --station ex:fire_station/02 --minutes 3,5,8
ROAD=$($BEACON route --from "$FS" --to $P --road-ids | sed -n 2p)
step "Close a road on that route ($ROAD), route again, reopen"
$BEACON road close "$ROAD" --reason "demo: burst water main"
$BEACON route --from "$FS" --to $P
$BEACON road reopen "$($BEACON road list | awk 'NR==3 {print $1}')" --reason "demo: repaired"

step "The same radius query through SpatiaLite SQL, for comparison"
spatialite -silent "$STORE" "SELECT id, round(ST_Distance(geom, MakePoint(121.4737, 31.2304, 4326), 1)) AS m
  FROM pipe_nodes WHERE kind = 'hydrant' AND fid IN (SELECT pkid FROM idx_pipe_nodes_geom
  WHERE xmax >= 121.47 AND xmin <= 121.478 AND ymax >= 31.226 AND ymin <= 31.235)
  AND ST_Distance(geom, MakePoint(121.4737, 31.2304, 4326), 1) <= 150 ORDER BY m;"

step "A water main bursts at People's Square: which valves to close, who loses supply"
$BEACON isolate --at $P --network water

step "Chlorine release at the exercise chemical store: threat zones, who and what is inside, where people go — fed into the incident"
CL=$($BEACON incident open --type hazmat --at ex:chemical_store/01 --time 2025-08-09T23:10:00+08:00 release.quantity=1t)
echo "$CL" | head -2
$BEACON hazard plume --at ex:chemical_store/01 --rate 2 --wind-from 270 --wind-ms 3 --stability D \
  --incident "${CL%%:*}" --time 2025-08-09T23:25:00+08:00
step "GB 18218-2018 grade of the chemical store"
$BEACON hazard grade ex:chemical_store/01
# The full JTWC best-track file when ../shared is there, else the committed Rammasun extract.
TRACK=../shared/data/typhoon/JTWC_WP_besttrack.csv
[ -f "$TRACK" ] || TRACK=Tests/Fixtures/typhoon/JTWC_WP_201409_rammasun.csv
step "Typhoon Rammasun (2014) at Haikou: closest approach, wind, warning colour, districts"
$BEACON hazard typhoon --storm 201409 --city haikou --track "$TRACK" --districts Tests/Fixtures/typhoon/haikou_districts_wgs84.geojson

step "Contingency plans (预案): check every plan against the store, open incidents, escalate one, ask why"
$BEACON plan check --store "$STORE"
OUT=$($BEACON incident open --type gas_leak --at $P --time 2025-08-09T14:30:00+08:00 \
  gas.concentration_lel=25% gas.pressure_class=medium incident.people_in_zone=1200)
echo "$OUT"
$BEACON incident update "${OUT%%:*}" gas.ignited=true incident.deaths=3 --time 2025-08-09T15:05:00+08:00
$BEACON incident why "${OUT%%:*}"

step "Dispatch: the fastest units for the gas leak (turnout + road ETA, one search), send the first two, unit statuses"
REC=$($BEACON dispatch recommend "${OUT%%:*}")
echo "$REC"
$BEACON dispatch assign "${OUT%%:*}" --time 2025-08-09T14:33:00+08:00 $(echo "$REC" | awk '$1 ~ /^[0-9]+$/ {print $2}' | head -2)
$BEACON units --status dispatched

step "Two fires at once near People's Square: planned together (least level-weighted arrival, not first come first served), one line overridden, coverage advice"
F1=$($BEACON incident open --type building_fire --at 121.4800,31.2350 --time 2025-08-09T14:40:00+08:00 \
  building.height=20m building.occupancy=residential | head -1)
F2=$($BEACON incident open --type building_fire --at 121.4770,31.2330 --time 2025-08-09T14:40:30+08:00 \
  building.height=120m incident.trapped=12 building.occupancy=residential | head -1)
echo "$F1"; echo "$F2"
F1=${F1%%:*}; F2=${F2%%:*}
PLAN=$($BEACON dispatch plan "$F1" "$F2" --time 2025-08-09T14:41:00+08:00)
echo "$PLAN"
# The duty officer accepts every line but the small fire's first engine, and sends another engine there instead
# (one outside the plan: an override, recorded with its reason).
LINES=$(echo "$PLAN" | awk '$1 ~ /^INC-[0-9-]+:/ {print $1}')
SKIP=$(echo "$LINES" | grep "^$F1:E" | head -1)
$BEACON dispatch accept --plan "$F1" --plan "$F2" $(echo "$LINES" | grep -vx "$SKIP") --time 2025-08-09T14:41:30+08:00 --no-coverage
OVR=$($BEACON units --status available | awk '$2 == "engine" {print $1}' | grep -vxF -f <(echo "$LINES" | sed 's/.*://') | tail -1)
$BEACON dispatch assign "$F1" "$OVR" --reason "$OVR's crew trained on this estate" --time 2025-08-09T14:41:40+08:00
step "Coverage with the units still available, and the moves that restore most (advice only)"
$BEACON dispatch coverage --time 2025-08-09T14:42:00+08:00

step "The duty desk's console: the city loaded once, commands piped in, each with its time (interactive: history, Tab completion)"
printf '%s\n' "incident list" "dispatch recommend ${OUT%%:*}" "route --from $FS --to $P" | $BEACON console

step "Units report in, a cordon closes a road, a water main burst is handled and closed: the KPIs (P90 against the standards, 结案率 …)"
read -r U1 U2 <<<"$(echo "$REC" | awk '$1 ~ /^[0-9]+$/ {print $2}' | head -2 | xargs)"
$BEACON unit status "$U1" en_route --time 2025-08-09T14:34:05+08:00
$BEACON unit status "$U2" en_route --time 2025-08-09T14:34:20+08:00
$BEACON unit status "$U2" on_scene --at $P --time 2025-08-09T14:38:40+08:00
$BEACON road close "$ROAD" --reason "demo: gas leak cordon"
WM=$($BEACON incident open --type water_main --at 121.4600,31.2150 --time 2025-08-09T09:00:00+08:00)
WM=${WM%%:*}
WU=$($BEACON dispatch recommend "$WM" | awk '$1 ~ /^[0-9]+$/ {print $2}' | head -1)
$BEACON dispatch assign "$WM" --time 2025-08-09T09:01:10+08:00 "$WU"
$BEACON unit status "$WU" en_route --time 2025-08-09T09:02:20+08:00
$BEACON unit status "$WU" on_scene --time 2025-08-09T09:09:30+08:00
$BEACON incident state "$WM" under_control --time 2025-08-09T10:30:00+08:00
$BEACON unit status "$WU" returning --time 2025-08-09T10:40:00+08:00
$BEACON unit status "$WU" available --time 2025-08-09T11:00:00+08:00
$BEACON incident close "$WM" --time 2025-08-09T11:05:00+08:00 --note "demo: main repaired"
$BEACON kpi

step "Plan rehearsal (预案仿真): chlorine release in the morning rush, station 03 closed — 5 runs per policy, closest vs coverage"
$BEACON simulate Plans/scenarios/chemical-release-rush-hour.yaml --runs 5 --seed 1 --store "$STORE" --report out/simulation-demo

step "Sensors: real series replayed on the overlay's gauges (L-Town SCADA flows with leak p142; Beijing rain and PM2.5), bad lines counted"
SENSORS=MapData/sensors
$BEACON ingest "$SENSORS/ltown_2019-05-18_2019-06-16_flows.csv" --format ltown --map "$SENSORS/mapping.csv" --tz Asia/Shanghai
for f in "$SENSORS"/PRSA_Data_*.csv; do $BEACON ingest "$f" --format prsa --map "$SENSORS/mapping.csv" | head -3; done
printf '{"sensor":"ex:sensor/road-water-1","t":"2016-09-11T03:30:00+08:00","value":9,"unit":"cm"}\n{"sensor":"ex:sensor/road-water-1","t":"not a time","value":9,"unit":"cm"}\n' \
  | $BEACON ingest - --format jsonl
$BEACON series list
$BEACON series stats ex:sensor/water-flow-3-tank
$BEACON series show ex:sensor/rain-1 --bucket 1h --agg max --from 2016-09-11T00:00:00+08:00 --to 2016-09-11T06:00:00+08:00
step "Forecast of the waterworks outflow with prediction intervals (Holt–Winters, daily season), backtested against seasonal naive"
$BEACON series forecast ex:sensor/water-flow-1-source --bucket 1h --horizon 12 --season 1d --to 2019-06-10T00:00:00+08:00
step "Alarms (thresholds with hysteresis, night-flow anomaly) open incidents through the plans: waterlogging from rain gauges, a main burst from the flows"
$BEACON alarms --open-incidents

step "A second city, every layer real: Andorra (OpenStreetMap 2020)"
ANDORRA=${STORE%.beacon.sqlite}-andorra.beacon.sqlite
rm -f "$ANDORRA" "$ANDORRA-wal" "$ANDORRA-shm"
$BEACON init "$ANDORRA" --name "Andorra" >/dev/null
$BEACON import osm --store "$ANDORRA" MapData/andorra_2020.osm.pbf
$BEACON find --store "$ANDORRA" --near 1.5218,42.5063 --layer facilities --kind fire_station --kind hospital --nearest 4

step "The leaders' dashboard (领导驾驶舱): self-contained pages, open the overview in any browser (also from file://)"
time $BEACON dashboard --out out/dashboard

step "The audit trail"
$BEACON audit --verify --limit 5
echo
echo "Done. Try: export BEACON_STORE=$STORE; $BEACON find --help"
