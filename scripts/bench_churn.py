#!/usr/bin/env python3
"""Pod status churn for scripts/bench-fleet.sh: R status updates per second, for S seconds.

Each update is a merge patch on pods/status of one extra pod (load-NNNNN in namespace `load`,
seeded by `scripts/fleet seed --pods N`) that bumps its container's restartCount, so every
watcher sees a MODIFIED event whose projection really changed. Updates go round-robin over the
given members and at random over their pods; the pace is held by a clock, not by sleeps
between requests, so slow responses do not lower the rate. Prints what it achieved.
"""

import argparse
import concurrent.futures as cf
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fleet_seed import fleet_clusters  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fleet-dir", default=os.environ.get("FLEET_DIR"))
    ap.add_argument("--members", required=True, help="comma-separated member names")
    ap.add_argument("--pods", type=int, required=True, help="extra pods per member (load-00000 ..)")
    ap.add_argument("--rate", type=float, default=100.0, help="updates per second, all members together")
    ap.add_argument("--seconds", type=float, default=60.0)
    a = ap.parse_args()
    if not a.fleet_dir:
        raise SystemExit("--fleet-dir or FLEET_DIR is required")
    if a.pods <= 0:
        raise SystemExit("--pods must be positive: churn needs the extra pods")
    fleet = fleet_clusters(a.fleet_dir)
    members = a.members.split(",")
    clusters = [fleet[m] for m in members]

    rng = random.Random(1)
    restarts = {}
    lock = threading.Lock()
    errors = []

    def update(cl, i):
        name = f"load-{i:05d}"
        with lock:
            n = restarts.get((cl.name, i), 0) + 1
            restarts[(cl.name, i)] = n
        status = {
            "containerStatuses": [
                {
                    "name": "pause",
                    "image": "registry.k8s.io/pause:3.2",
                    "imageID": "docker-pullable://registry.k8s.io/pause@sha256:0",
                    "ready": True,
                    "started": True,
                    "restartCount": 1000 + n,
                    "state": {"running": {"startedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}},
                }
            ]
        }
        try:
            cl.patch_status(f"/api/v1/namespaces/load/pods/{name}", status)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    total = int(a.rate * a.seconds)
    t0 = time.monotonic()
    with cf.ThreadPoolExecutor(max_workers=16) as pool:
        futs = []
        for k in range(total):
            due = t0 + k / a.rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            cl = clusters[k % len(clusters)]
            futs.append(pool.submit(update, cl, rng.randrange(a.pods)))
        for f in futs:
            f.result()
    el = time.monotonic() - t0
    print(
        f"[churn] {total - len(errors)} pod status updates on {','.join(members)} in {el:.1f}s "
        f"= {(total - len(errors)) / el:.1f}/s; {len(errors)} failed",
        file=sys.stderr,
        flush=True,
    )
    if errors:
        print(f"[churn] first error: {errors[0]}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
