#!/usr/bin/env python3
"""Install fleetdeck's CRD fixtures and seed the test-fleet scenario (stdlib only).

Called by `scripts/fleet up` and `scripts/fleet seed`; reads $FLEET_DIR/fleet.json
(written by scripts/fleet). Idempotent: objects are server-side applied
(create-or-update, field manager `fleet-seed`), pods are created if missing, and every
status is (re)written through the status subresource with a merge patch, because no
controller runs in the test fleet.

Seeded object names are listed in docs/testing.md; keep the two in sync.
"""

import argparse
import concurrent.futures as cf
import datetime as dt
import hashlib
import http.client
import json
import os
import ssl
import sys
import threading
import time

FIELD_MANAGER = "fleet-seed"
SEED_LABEL = {"fleetdeck.io/seeded": "true"}

# ----------------------------------------------------------------------------- HTTP


class ApiError(Exception):
    def __init__(self, method, path, status, body):
        super().__init__(f"{method} {path} -> HTTP {status}: {body[:500]}")
        self.status = status


class Cluster:
    """One kube-apiserver, with a keep-alive HTTPS connection per thread."""

    def __init__(self, name, port, token, ca_file):
        self.name = name
        self.port = port
        self.token = token
        self.ctx = ssl.create_default_context(cafile=ca_file)
        self.local = threading.local()

    def _conn(self):
        c = getattr(self.local, "conn", None)
        if c is None:
            c = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.ctx, timeout=60)
            self.local.conn = c
        return c

    def request(self, method, path, body=None, ctype="application/json", ok=(200, 201)):
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            if isinstance(data, str):
                data = data.encode()
        headers = {"Authorization": "Bearer " + self.token, "Accept": "application/json", "User-Agent": FIELD_MANAGER}
        if data is not None:
            headers["Content-Type"] = ctype
        for attempt in range(6):
            c = self._conn()
            try:
                c.request(method, path, body=data, headers=headers)
                r = c.getresponse()
                raw = r.read()
            except (http.client.HTTPException, OSError):
                c.close()
                self.local.conn = None
                if attempt == 5:
                    raise
                time.sleep(0.2 * (attempt + 1))
                continue
            if r.status in ok:
                return json.loads(raw) if raw else None
            if r.status in (429, 500, 503, 504) and attempt < 5:
                time.sleep(0.3 * (attempt + 1))
                continue
            # A conflict on an apply-patch is a transient race with our own status write.
            if r.status == 409 and method == "PATCH" and attempt < 5:
                time.sleep(0.1)
                continue
            raise ApiError(method, path, r.status, raw.decode(errors="replace"))
        raise AssertionError("unreachable")

    def get(self, path, ok=(200,)):
        return self.request("GET", path, ok=ok)

    def apply(self, path, obj):
        """Server-side apply (used for the CRD fixtures, which are YAML text)."""
        return self.request(
            "PATCH",
            f"{path}?fieldManager={FIELD_MANAGER}&force=true",
            obj,
            ctype="application/apply-patch+yaml",
        )

    def replace(self, path, obj):
        """Create-or-replace `obj` at `path` (the object's own URL).

        GET; absent -> POST to the collection, present -> PUT with its resourceVersion, so
        fields someone else changed (labels, taints, unschedulable, weights, ...) go back to
        the seeded values. Status is written separately through /status.
        """
        collection = path.rsplit("/", 1)[0]
        for _ in range(10):
            cur = self.request("GET", path, ok=(200, 404))
            if cur.get("kind") == "Status" and cur.get("code") == 404:
                try:
                    return self.request("POST", f"{collection}?fieldManager={FIELD_MANAGER}", obj, ok=(200, 201))
                except ApiError as e:
                    if e.status == 409:  # created meanwhile: replace it
                        continue
                    raise
            body = json.loads(json.dumps(obj))
            body["metadata"]["resourceVersion"] = cur["metadata"]["resourceVersion"]
            if body.get("kind") == "Service":  # allocated, immutable
                for f in ("clusterIP", "clusterIPs"):
                    if f in cur.get("spec", {}):
                        body["spec"][f] = cur["spec"][f]
            try:
                return self.request("PUT", f"{path}?fieldManager={FIELD_MANAGER}", body, ok=(200, 201))
            except ApiError as e:
                if e.status == 409:  # changed between GET and PUT: try again
                    continue
                raise
        raise ApiError("PUT", path, 409, "kept conflicting")

    def delete(self, path):
        """Delete at once (no kubelet runs to finish a graceful pod deletion)."""
        return self.request("DELETE", f"{path}?gracePeriodSeconds=0", ok=(200, 202, 404))

    def patch_status(self, path, status):
        return self.request("PATCH", f"{path}/status?fieldManager={FIELD_MANAGER}", {"status": status}, ctype="application/merge-patch+json")

    def create(self, collection, obj):
        """POST; an existing object is left as it is (returns None)."""
        try:
            return self.request("POST", f"{collection}?fieldManager={FIELD_MANAGER}", obj, ok=(200, 201))
        except ApiError as e:
            if e.status == 409:
                return None
            raise


# ----------------------------------------------------------------------------- paths


def fleet_clusters(fleet_dir):
    """Every cluster of the fleet in FLEET_DIR (fleet.json), in its order, as the admin user."""
    conf = json.load(open(os.path.join(fleet_dir, "fleet.json")))
    token = open(os.path.join(fleet_dir, "tokens", "admin.token")).read().strip()
    ca = os.path.join(fleet_dir, "pki", "ca.crt")
    return {c["name"]: Cluster(c["name"], c["port"], token, ca) for c in conf["clusters"]}


def core(plural, name, ns=None):
    return f"/api/v1/namespaces/{ns}/{plural}/{name}" if ns else f"/api/v1/{plural}/{name}"


def api(group_version, plural, name, ns=None):
    base = f"/apis/{group_version}"
    return f"{base}/namespaces/{ns}/{plural}/{name}" if ns else f"{base}/{plural}/{name}"


def ts(delta_seconds=0):
    t = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(seconds=delta_seconds)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def suffix(*parts, n=5):
    """Deterministic kube-style random suffix (bcdfghjklmnpqrstvwxz2456789)."""
    alphabet = "bcdfghjklmnpqrstvwxz2456789"
    h = hashlib.sha256("/".join(parts).encode()).digest()
    return "".join(alphabet[b % len(alphabet)] for b in h[:n])


def meta(name, ns=None, labels=None, annotations=None):
    m = {"name": name, "labels": dict(SEED_LABEL, **(labels or {}))}
    if ns:
        m["namespace"] = ns
    if annotations:
        m["annotations"] = annotations
    return m


# ----------------------------------------------------------------------------- scenario data

K8S_VERSION = "v1.20.2"
PROVIDERS = ["aws", "gcp", "huawei"]
REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-1"]
SHOP = "shop"

# name -> (image, total replicas, policy); per-cluster replicas in BINDINGS below.
DEPLOYMENTS = {
    "frontend": "nginx:1.19",
    "cart": "ghcr.io/fleetdeck/cart:1.4.2",
    "checkout": "ghcr.io/fleetdeck/checkout:2.0.1",
}


def member_names(n):
    return [f"member{i}" for i in range(1, n + 1)]


def is_not_ready_member(name):
    return name == "member3"


TEMPLATE_REPLICAS = {"frontend": 6, "cart": 3, "checkout": 4}


def plan(members):
    """Replicas per deployment per member (what the Karmada scheduler 'decided').

    frontend: Weighted member1:member2 = 2:1 over 6 replicas -> 4 / 2 (others 0).
    cart:     Duplicated, 3 replicas on every member.
    checkout: ClusterPropagationPolicy, dynamic weight by AvailableReplicas over 4 replicas.
    """
    p = {"frontend": {}, "cart": {}, "checkout": {}}
    for m in members:
        p["frontend"][m] = {"member1": 4, "member2": 2}.get(m, 0)
        p["cart"][m] = 3
    # checkout: 4 replicas, 2 to member1, the rest one each to the next members
    left = 4
    for i, m in enumerate(members):
        r = 2 if i == 0 else (1 if left > 0 else 0)
        r = min(r, left)
        p["checkout"][m] = r
        left -= r
    return p


def ready_replicas(deploy, member, replicas):
    """member2's cart has one crash-looping pod (2/3 ready); everything else is ready."""
    if deploy == "cart" and member == "member2":
        return max(replicas - 1, 0)
    return replicas


# ----------------------------------------------------------------------------- CRDs and RBAC


def crd_targets(path):
    """Karmada CRDs go to the control plane, every other fixture to the members."""
    return "karmada" if ".karmada.io_" in os.path.basename(path) else "members"


def install_crds(clusters, members, crd_dir, pool):
    files = sorted(os.path.join(crd_dir, f) for f in os.listdir(crd_dir) if f.endswith(".yaml"))
    if not files:
        raise SystemExit(f"no CRD fixtures in {crd_dir}")
    jobs = []
    wanted = {c: [] for c in clusters}
    for f in files:
        text = open(f, encoding="utf-8").read()
        crd_name = None
        for line in text.splitlines():
            if line.startswith("  name: ") and crd_name is None:
                crd_name = line.split(":", 1)[1].strip()
        targets = ["karmada"] if crd_targets(f) == "karmada" else members
        for c in targets:
            wanted[c].append(crd_name)
            jobs.append(pool.submit(clusters[c].apply, f"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{crd_name}", text))
    for j in jobs:
        j.result()
    # wait until every CRD is Established
    deadline = time.time() + 60
    for c, names in wanted.items():
        for n in names:
            while True:
                crd = clusters[c].get(f"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{n}")
                conds = {x["type"]: x["status"] for x in ((crd.get("status") or {}).get("conditions") or [])}
                if conds.get("Established") == "True":
                    break
                if time.time() > deadline:
                    raise SystemExit(f"{c}: CRD {n} not Established after 60s: {conds}")
                time.sleep(0.2)
    return sum(len(v) for v in wanted.values())


def install_rbac(cl):
    cl.replace(
        "/apis/rbac.authorization.k8s.io/v1/clusterroles/fleet-viewer",
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRole",
            "metadata": meta("fleet-viewer"),
            "rules": [
                {"apiGroups": ["*"], "resources": ["*"], "verbs": ["get", "list", "watch"]},
                {"nonResourceURLs": ["*"], "verbs": ["get"]},
            ],
        },
    )
    cl.replace(
        "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/fleet-viewer",
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRoleBinding",
            "metadata": meta("fleet-viewer"),
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "fleet-viewer"},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "viewer"}],
        },
    )
    return 2


def namespace(cl, name):
    cl.replace(core("namespaces", name), {"apiVersion": "v1", "kind": "Namespace", "metadata": meta(name)})
    return 1


# ----------------------------------------------------------------------------- object builders


def deployment_obj(name, replicas):
    labels = {"app": name}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": meta(name, SHOP, labels),
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels},
                "spec": {
                    "containers": [
                        {
                            "name": name,
                            "image": DEPLOYMENTS[name],
                            "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                            "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}},
                        }
                    ]
                },
            },
        },
    }


def deployment_status(replicas, ready, generation=1):
    s = {
        "observedGeneration": generation,
        "replicas": replicas,
        "updatedReplicas": replicas,
        "readyReplicas": ready,
        "availableReplicas": ready,
        "conditions": [
            {
                "type": "Available",
                "status": "True" if ready > 0 or replicas == 0 else "False",
                "reason": "MinimumReplicasAvailable",
                "message": "Deployment has minimum availability.",
                "lastUpdateTime": ts(3600),
                "lastTransitionTime": ts(3600),
            },
            {
                "type": "Progressing",
                "status": "True",
                "reason": "NewReplicaSetAvailable",
                "message": "ReplicaSet has successfully progressed.",
                "lastUpdateTime": ts(3600),
                "lastTransitionTime": ts(7200),
            },
        ],
    }
    if ready < replicas:
        s["unavailableReplicas"] = replicas - ready
    return s


def node_obj(member, name, role, region, zone, edge=False, arch="amd64", extra_labels=None, taints=None):
    labels = {
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": arch,
        "topology.kubernetes.io/region": region,
        "topology.kubernetes.io/zone": zone,
        "fleetdeck.io/cluster": member,
    }
    if edge:
        labels["node-role.kubernetes.io/edge"] = ""
        labels["node-role.kubernetes.io/agent"] = ""
    elif role == "control-plane":
        labels["node-role.kubernetes.io/control-plane"] = ""
        labels["node-role.kubernetes.io/master"] = ""
    else:
        labels["node-role.kubernetes.io/worker"] = ""
    labels.update(extra_labels or {})
    spec = {}
    if taints:
        spec["taints"] = taints
    elif role == "control-plane":
        spec["taints"] = [{"key": "node-role.kubernetes.io/master", "effect": "NoSchedule"}]
    return {"apiVersion": "v1", "kind": "Node", "metadata": meta(name, labels=labels), "spec": spec}


def node_status(name, ip, ready=True, heartbeat_ago=20, edge=False, arch="amd64", cpu="8", memory="32Gi"):
    hb = ts(heartbeat_ago)
    if ready:
        ready_cond = {
            "type": "Ready",
            "status": "True",
            "reason": "EdgeReady" if edge else "KubeletReady",
            "message": "edge is posting ready status" if edge else "kubelet is posting ready status",
            "lastHeartbeatTime": hb,
            "lastTransitionTime": ts(86400 * 3),
        }
    else:
        ready_cond = {
            "type": "Ready",
            "status": "Unknown",
            "reason": "NodeStatusUnknown",
            "message": "Kubelet stopped posting node status.",
            "lastHeartbeatTime": hb,
            "lastTransitionTime": ts(max(heartbeat_ago - 40, 0)),
        }
    conds = [ready_cond]
    if not edge:
        for t, reason in (("MemoryPressure", "KubeletHasSufficientMemory"), ("DiskPressure", "KubeletHasNoDiskPressure"), ("PIDPressure", "KubeletHasSufficientPID")):
            conds.insert(
                0,
                {
                    "type": t,
                    "status": "False" if ready else "Unknown",
                    "reason": reason if ready else "NodeStatusUnknown",
                    "message": "" if ready else "Kubelet stopped posting node status.",
                    "lastHeartbeatTime": hb,
                    "lastTransitionTime": ts(86400 * 3),
                },
            )
    cap = {"cpu": cpu, "memory": memory, "pods": "110", "ephemeral-storage": "100Gi"}
    kubelet = "v1.19.3-kubeedge-v1.6.1" if edge else K8S_VERSION
    return {
        "capacity": cap,
        "allocatable": dict(cap, cpu=str(int(cpu) * 1000 - 100) + "m" if not edge else cpu),
        "conditions": conds,
        "addresses": [{"type": "InternalIP", "address": ip}, {"type": "Hostname", "address": name}],
        "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250 if not edge else 10350}},
        "nodeInfo": {
            "machineID": suffix(name, "machine", n=16),
            "systemUUID": suffix(name, "uuid", n=16),
            "bootID": suffix(name, "boot", n=16),
            "kernelVersion": "5.10.0-28-cloud-amd64" if arch == "amd64" else "5.10.110-rockchip",
            "osImage": "Debian GNU/Linux 11 (bullseye)" if not edge else "Ubuntu 20.04.6 LTS",
            "containerRuntimeVersion": "containerd://1.4.13" if not edge else "docker://20.10.7",
            "kubeletVersion": kubelet,
            "kubeProxyVersion": K8S_VERSION if not edge else "",
            "operatingSystem": "linux",
            "architecture": arch,
        },
    }


def pod_obj(name, ns, labels, image, node=None, restart="Always", container=None, requests=None):
    spec = {
        "containers": [
            {
                "name": container or labels.get("app", name),
                "image": image,
                "resources": {"requests": requests or {"cpu": "50m", "memory": "64Mi"}},
            }
        ],
        "restartPolicy": restart,
        "terminationGracePeriodSeconds": 30,
    }
    if node:
        spec["nodeName"] = node
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta(name, ns, labels), "spec": spec}


def pod_status_running(container, image, node_ip, pod_ip, started_ago=7200, ready=True, restarts=0, waiting=None):
    start = ts(started_ago)
    cs = {
        "name": container,
        "image": image,
        "imageID": "docker-pullable://" + image.split(":")[0] + "@sha256:" + hashlib.sha256(image.encode()).hexdigest(),
        "containerID": "containerd://" + hashlib.sha256((container + pod_ip).encode()).hexdigest(),
        "ready": ready,
        "started": ready,
        "restartCount": restarts,
        "state": {"running": {"startedAt": start}},
    }
    if waiting:
        cs["state"] = {"waiting": {"reason": waiting, "message": f"back-off 5m0s restarting failed container={container}"}}
        cs["lastState"] = {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": ts(400), "finishedAt": ts(390)}}
    rs = "True" if ready else "False"
    return {
        "phase": "Running",
        "conditions": [
            {"type": "Initialized", "status": "True", "lastTransitionTime": start},
            {"type": "Ready", "status": rs, "lastTransitionTime": start, **({} if ready else {"reason": "ContainersNotReady", "message": f"containers with unready status: [{container}]"})},
            {"type": "ContainersReady", "status": rs, "lastTransitionTime": start, **({} if ready else {"reason": "ContainersNotReady", "message": f"containers with unready status: [{container}]"})},
            {"type": "PodScheduled", "status": "True", "lastTransitionTime": start},
        ],
        "hostIP": node_ip,
        "podIP": pod_ip,
        "podIPs": [{"ip": pod_ip}],
        "startTime": start,
        "qosClass": "Burstable",
        "containerStatuses": [cs],
    }


def pod_status_pending_unschedulable(message):
    return {
        "phase": "Pending",
        "conditions": [
            {"type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": message, "lastTransitionTime": ts(1800)}
        ],
        "qosClass": "Burstable",
    }


def pod_status_failed(container, image, node_ip, pod_ip):
    return {
        "phase": "Failed",
        "conditions": [
            {"type": "Initialized", "status": "True", "lastTransitionTime": ts(5400)},
            {"type": "Ready", "status": "False", "reason": "PodCompleted", "lastTransitionTime": ts(5000)},
            {"type": "ContainersReady", "status": "False", "reason": "PodCompleted", "lastTransitionTime": ts(5000)},
            {"type": "PodScheduled", "status": "True", "lastTransitionTime": ts(5400)},
        ],
        "hostIP": node_ip,
        "podIP": pod_ip,
        "podIPs": [{"ip": pod_ip}],
        "startTime": ts(5400),
        "qosClass": "Burstable",
        "containerStatuses": [
            {
                "name": container,
                "image": image,
                "imageID": "",
                "containerID": "containerd://" + hashlib.sha256((container + pod_ip).encode()).hexdigest(),
                "ready": False,
                "started": False,
                "restartCount": 0,
                "state": {
                    "terminated": {
                        "exitCode": 1,
                        "reason": "Error",
                        "message": "migration 0042_add_orders_index failed: lock timeout",
                        "startedAt": ts(5400),
                        "finishedAt": ts(5000),
                    }
                },
            }
        ],
    }


def event_obj(ns, involved, reason, message, count, component, host=None):
    name = f"{involved['name']}.{hashlib.sha256((ns + involved['name'] + reason).encode()).hexdigest()[:16]}"
    return {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": meta(name, ns),
        "involvedObject": dict(involved, namespace=ns, apiVersion="v1"),
        "reason": reason,
        "message": message,
        "type": "Warning",
        "count": count,
        "firstTimestamp": ts(3 * 3600),
        "lastTimestamp": ts(0),
        "source": {"component": component, **({"host": host} if host else {})},
        "reportingComponent": "",
        "reportingInstance": "",
    }


# ----------------------------------------------------------------------------- seeding


class Seeder:
    def __init__(self, clusters, members, pool, extra_pods):
        self.c = clusters
        self.members = members
        self.pool = pool
        self.extra_pods = extra_pods
        self.count = 0
        self.lock = threading.Lock()
        self.plan = plan(members)

    def add(self, n=1):
        with self.lock:
            self.count += n

    def run_all(self, fns):
        futs = [self.pool.submit(f) for f in fns]
        for f in futs:
            f.result()

    # -- control plane --------------------------------------------------------
    def karmada(self):
        cp = self.c["karmada"]
        namespace(cp, SHOP)
        self.add()
        jobs = []
        for i, m in enumerate(self.members):
            jobs.append(lambda i=i, m=m: self.karmada_cluster(i, m))
        for d in DEPLOYMENTS:
            jobs.append(lambda d=d: self.karmada_deployment(d))
        jobs.append(self.karmada_policies)
        jobs.append(self.karmada_namespace_binding)
        self.run_all(jobs)

    def karmada_namespace_binding(self):
        """The shop Namespace on every member: a ClusterPropagationPolicy and the
        ClusterResourceBinding Karmada would make of it (a cluster-scoped template)."""
        cp = self.c["karmada"]
        members = list(self.members)
        cp.replace(
            api("policy.karmada.io/v1alpha1", "clusterpropagationpolicies", "shop-namespace"),
            {
                "apiVersion": "policy.karmada.io/v1alpha1",
                "kind": "ClusterPropagationPolicy",
                "metadata": meta("shop-namespace"),
                "spec": {
                    "resourceSelectors": [{"apiVersion": "v1", "kind": "Namespace", "name": SHOP}],
                    "placement": {"clusterAffinity": {"clusterNames": members}},
                },
            },
        )
        path = api("work.karmada.io/v1alpha2", "clusterresourcebindings", "shop-namespace")
        cp.replace(
            path,
            {
                "apiVersion": "work.karmada.io/v1alpha2",
                "kind": "ClusterResourceBinding",
                "metadata": meta("shop-namespace", None, {"clusterpropagationpolicy.karmada.io/name": "shop-namespace"}),
                "spec": {
                    "resource": {"apiVersion": "v1", "kind": "Namespace", "name": SHOP},
                    "clusters": [{"name": m} for m in members],
                },
            },
        )
        cp.patch_status(
            path,
            {
                "schedulerObservedGeneration": 1,
                "conditions": [
                    {"type": "Scheduled", "status": "True", "reason": "Success", "message": "Binding has been scheduled successfully.", "lastTransitionTime": ts(86400)},
                ],
                "aggregatedStatus": [
                    {"clusterName": m, "applied": True, "health": "Unknown" if is_not_ready_member(m) else "Healthy"}
                    for m in members
                ],
            },
        )
        self.add(2)

    def karmada_cluster(self, i, m):
        cp = self.c["karmada"]
        path = api("cluster.karmada.io/v1alpha1", "clusters", m)
        not_ready = is_not_ready_member(m)
        spec = {
            "syncMode": "Pull" if m == "member3" else "Push",
            "apiEndpoint": f"https://127.0.0.1:{self.c[m].port}",
            "provider": PROVIDERS[i % len(PROVIDERS)],
            "region": REGIONS[i % len(REGIONS)],
            "zones": [REGIONS[i % len(REGIONS)] + "a", REGIONS[i % len(REGIONS)] + "b"],
            "id": hashlib.sha256(m.encode()).hexdigest()[:8] + "-" + hashlib.sha256(m.encode()).hexdigest()[8:12],
        }
        if m != "member3":
            spec["secretRef"] = {"namespace": "karmada-cluster", "name": m}
        if not_ready:
            spec["taints"] = [{"key": "cluster.karmada.io/not-ready", "effect": "NoSchedule", "timeAdded": ts(1200)}]
        cp.replace(path, {"apiVersion": "cluster.karmada.io/v1alpha1", "kind": "Cluster", "metadata": meta(m, labels={"fleetdeck.io/provider": spec["provider"]}), "spec": spec})
        nodes = 4 + (12 if m == "member1" else 0)
        ready_nodes = nodes - (1 if m == "member2" else 0) - (3 if m == "member1" else 0)
        if not_ready:
            cond = {"type": "Ready", "status": "False", "reason": "ClusterNotReachable", "message": "cluster is not reachable", "lastTransitionTime": ts(1200)}
        else:
            cond = {"type": "Ready", "status": "True", "reason": "ClusterReady", "message": "cluster is healthy and ready to accept workloads", "lastTransitionTime": ts(86400 * 2)}
        status = {
            "kubernetesVersion": K8S_VERSION,
            "conditions": [cond],
            "nodeSummary": {"totalNum": nodes, "readyNum": ready_nodes},
            "resourceSummary": {
                "allocatable": {"cpu": f"{nodes * 8}", "memory": f"{nodes * 32}Gi", "pods": f"{nodes * 110}"},
                "allocated": {"cpu": "6650m", "memory": "9Gi", "pods": "24"},
            },
            "apiEnablements": [
                {"groupVersion": "v1", "resources": [{"name": "pods", "kind": "Pod"}, {"name": "nodes", "kind": "Node"}]},
                {"groupVersion": "apps/v1", "resources": [{"name": "deployments", "kind": "Deployment"}]},
            ],
        }
        cp.patch_status(path, status)
        self.add()

    def karmada_deployment(self, d):
        cp = self.c["karmada"]
        # spec.replicas is the template's (Duplicated: what every member runs); the status is
        # what Karmada aggregates: the sum over members (unreachable members count as not ready).
        total = TEMPLATE_REPLICAS[d]
        path = api("apps/v1", "deployments", d, SHOP)
        cp.replace(path, deployment_obj(d, total))
        placed = sum(self.plan[d].values())
        ready = sum(ready_replicas(d, m, r) for m, r in self.plan[d].items() if not is_not_ready_member(m))
        cp.patch_status(path, deployment_status(placed, ready))
        self.add()
        # ResourceBinding <name>-deployment, as karmada-controller-manager names them
        rb_name = f"{d}-deployment"
        rb_path = api("work.karmada.io/v1alpha2", "resourcebindings", rb_name, SHOP)
        clusters = [{"name": m, "replicas": r} for m, r in self.plan[d].items() if r > 0]
        cp.replace(
            rb_path,
            {
                "apiVersion": "work.karmada.io/v1alpha2",
                "kind": "ResourceBinding",
                "metadata": meta(rb_name, SHOP, {"propagationpolicy.karmada.io/name": POLICY_OF[d][1]} if POLICY_OF[d][0] == "pp" else {"clusterpropagationpolicy.karmada.io/name": POLICY_OF[d][1]}),
                "spec": {
                    "resource": {"apiVersion": "apps/v1", "kind": "Deployment", "name": d, "namespace": SHOP},
                    "replicas": total,
                    "clusters": clusters,
                },
            },
        )
        agg = []
        for c in clusters:
            m = c["name"]
            if is_not_ready_member(m):
                health = "Unknown"
            elif ready_replicas(d, m, c["replicas"]) < c["replicas"]:
                health = "Unhealthy"
            else:
                health = "Healthy"
            ready = 0 if is_not_ready_member(m) else ready_replicas(d, m, c["replicas"])
            agg.append(
                {
                    "clusterName": m,
                    "applied": True,
                    "health": health,
                    "status": {"replicas": c["replicas"], "readyReplicas": ready, "availableReplicas": ready, "updatedReplicas": c["replicas"]},
                }
            )
        fully = all(a["health"] == "Healthy" for a in agg)
        cp.patch_status(
            rb_path,
            {
                "schedulerObservedGeneration": 1,
                "conditions": [
                    {"type": "Scheduled", "status": "True", "reason": "Success", "message": "Binding has been scheduled successfully.", "lastTransitionTime": ts(86400)},
                    {
                        "type": "FullyApplied",
                        "status": "True" if fully else "False",
                        "reason": "FullyAppliedSuccess" if fully else "FullyAppliedFailed",
                        "message": "All works have been successfully applied" if fully else "Failed to apply all works, see status.aggregatedStatus for details",
                        "lastTransitionTime": ts(1200),
                    },
                ],
                "aggregatedStatus": agg,
            },
        )
        self.add()

    def karmada_policies(self):
        cp = self.c["karmada"]
        sel = lambda d: [{"apiVersion": "apps/v1", "kind": "Deployment", "name": d, "namespace": SHOP}]  # noqa: E731
        cp.replace(
            api("policy.karmada.io/v1alpha1", "propagationpolicies", "frontend-weighted", SHOP),
            {
                "apiVersion": "policy.karmada.io/v1alpha1",
                "kind": "PropagationPolicy",
                "metadata": meta("frontend-weighted", SHOP),
                "spec": {
                    "resourceSelectors": sel("frontend"),
                    "placement": {
                        "clusterAffinity": {"clusterNames": ["member1", "member2"]},
                        "replicaScheduling": {
                            "replicaSchedulingType": "Divided",
                            "replicaDivisionPreference": "Weighted",
                            "weightPreference": {
                                "staticWeightList": [
                                    {"targetCluster": {"clusterNames": ["member1"]}, "weight": 2},
                                    {"targetCluster": {"clusterNames": ["member2"]}, "weight": 1},
                                ]
                            },
                        },
                    },
                },
            },
        )
        cp.replace(
            api("policy.karmada.io/v1alpha1", "propagationpolicies", "cart-duplicated", SHOP),
            {
                "apiVersion": "policy.karmada.io/v1alpha1",
                "kind": "PropagationPolicy",
                "metadata": meta("cart-duplicated", SHOP),
                "spec": {
                    "resourceSelectors": sel("cart"),
                    "placement": {
                        "clusterAffinity": {"clusterNames": list(self.members)},
                        "replicaScheduling": {"replicaSchedulingType": "Duplicated"},
                    },
                },
            },
        )
        cp.replace(
            api("policy.karmada.io/v1alpha1", "clusterpropagationpolicies", "checkout-dynamic"),
            {
                "apiVersion": "policy.karmada.io/v1alpha1",
                "kind": "ClusterPropagationPolicy",
                "metadata": meta("checkout-dynamic"),
                "spec": {
                    "resourceSelectors": sel("checkout"),
                    "placement": {
                        "clusterAffinity": {"clusterNames": list(self.members)},
                        "replicaScheduling": {
                            "replicaSchedulingType": "Divided",
                            "replicaDivisionPreference": "Weighted",
                            "weightPreference": {"dynamicWeight": "AvailableReplicas"},
                        },
                    },
                },
            },
        )
        self.add(3)

    # -- members --------------------------------------------------------------
    def member(self, idx, m):
        cl = self.c[m]
        region = REGIONS[(idx - 1) % len(REGIONS)]
        namespace(cl, SHOP)
        self.add()
        jobs = []
        # nodes: <m>-control-plane, <m>-worker-1..3 (member2's worker-3 is NotReady)
        nodes = []
        for n in range(4):
            name = f"{m}-control-plane" if n == 0 else f"{m}-worker-{n}"
            ip = f"10.{idx}.0.{10 + n}"
            nodes.append((name, ip))
            not_ready = m == "member2" and n == 3
            taints = None
            if not_ready:
                taints = [
                    {"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule", "timeAdded": ts(1500)},
                    {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute", "timeAdded": ts(1490)},
                ]
            jobs.append(
                lambda name=name, ip=ip, n=n, not_ready=not_ready, taints=taints: self.node(
                    cl,
                    node_obj(m, name, "control-plane" if n == 0 else "worker", region, f"{region}{'abc'[n % 3]}", taints=taints),
                    node_status(name, ip, ready=not not_ready, heartbeat_ago=1500 if not_ready else 15),
                )
            )
        if m == "member1":
            jobs.extend(self.edge_jobs(cl, region))
        for d in DEPLOYMENTS:
            jobs.append(lambda d=d: self.member_deployment(cl, m, d))
        jobs.extend(self.queue_jobs(cl))
        jobs.append(lambda: self.istio(cl))
        jobs.append(lambda: self.services(cl))
        self.run_all(jobs)
        self.run_all(self.pod_jobs(cl, idx, m, nodes))
        return nodes

    def node(self, cl, obj, status):
        path = core("nodes", obj["metadata"]["name"])
        cl.replace(path, obj)
        cl.patch_status(path, status)
        self.add()

    def edge_jobs(self, cl, region):
        jobs = []
        not_ready = {"edge-04": 3 * 3600, "edge-09": 6 * 3600, "edge-11": 27 * 3600}
        for n in range(1, 13):
            name = f"edge-{n:02d}"
            zone = "north" if n <= 6 else "south"
            arch = "arm64" if n % 3 == 0 else "amd64"
            hb = not_ready.get(name)
            taints = None
            if hb:
                taints = [{"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule", "timeAdded": ts(hb - 40)}]
            obj = node_obj("member1", name, "edge", region, f"{region}-edge-{zone}", edge=True, arch=arch, extra_labels={"fleetdeck.io/edge-zone": zone}, taints=taints)
            st = node_status(name, f"192.168.{100 + n}.10", ready=hb is None, heartbeat_ago=hb or 10, edge=True, arch=arch, cpu="4", memory="8Gi")
            jobs.append(lambda obj=obj, st=st: self.node(cl, obj, st))
        jobs.append(lambda: self.nodegroups(cl, not_ready))
        return jobs

    def nodegroups(self, cl, not_ready):
        for group, nodes, spec in (
            ("edge-north", [f"edge-{n:02d}" for n in range(1, 7)], {"nodes": [f"edge-{n:02d}" for n in range(1, 7)]}),
            ("edge-south", [f"edge-{n:02d}" for n in range(7, 13)], {"matchLabels": {"fleetdeck.io/edge-zone": "south"}}),
        ):
            path = api("apps.kubeedge.io/v1alpha1", "nodegroups", group)
            cl.replace(path, {"apiVersion": "apps.kubeedge.io/v1alpha1", "kind": "NodeGroup", "metadata": meta(group), "spec": spec})
            cl.patch_status(
                path,
                {"nodeStatuses": [{"nodeName": n, "readyStatus": "NotReady" if n in not_ready else "Ready", "selectionStatus": "Succeeded"} for n in nodes]},
            )
            self.add()
        # An EdgeApplication over both groups, with the per-group workload status KubeEdge writes
        # (its generated workloads are named <manifest>-<group>).
        path = api("apps.kubeedge.io/v1alpha1", "edgeapplications", "sensor-collector", "default")
        cl.replace(path, {"apiVersion": "apps.kubeedge.io/v1alpha1", "kind": "EdgeApplication", "metadata": meta("sensor-collector", "default"),
                          "spec": {"workloadTemplate": {"manifests": []},
                                   "workloadScope": {"targetNodeGroups": [{"name": "edge-north"}, {"name": "edge-south"}]}}})
        cl.patch_status(path, {"workloadStatus": [
            {"identifier": {"kind": "Deployment", "name": f"sensor-collector-{g}", "namespace": "default", "ordinal": 0},
             "conditions": "Processing" if any(n in not_ready for n in nodes) else "Available"}
            for g, nodes in (("edge-north", [f"edge-{n:02d}" for n in range(1, 7)]), ("edge-south", [f"edge-{n:02d}" for n in range(7, 13)]))]})
        self.add()

    def member_deployment(self, cl, m, d):
        replicas = self.plan[d][m]
        path = api("apps/v1", "deployments", d, SHOP)
        obj = deployment_obj(d, replicas)
        obj["metadata"]["labels"]["propagationpolicy.karmada.io/name" if d != "checkout" else "clusterpropagationpolicy.karmada.io/name"] = POLICY_OF[d][1]
        obj["metadata"]["annotations"] = {"resourcebinding.karmada.io/name": f"{d}-deployment"}
        cl.replace(path, obj)
        cl.patch_status(path, deployment_status(replicas, ready_replicas(d, m, replicas)))
        self.add()

    def queue_jobs(self, cl):
        queues = [
            ("default", {"weight": 1, "reclaimable": True}, {"state": "Open", "running": 2, "pending": 0, "inqueue": 0}),
            (
                "batch",
                {"weight": 4, "reclaimable": True, "capability": {"cpu": "32", "memory": "128Gi"}},
                {"state": "Open", "running": 3, "pending": 2, "inqueue": 1},
            ),
            (
                "gpu",
                {"weight": 2, "reclaimable": False, "capability": {"cpu": "16", "memory": "64Gi", "nvidia.com/gpu": "8"}},
                {"state": "Closed", "running": 0, "pending": 0, "inqueue": 0},
            ),
        ]
        jobs = []
        for name, spec, status in queues:

            def job(name=name, spec=spec, status=status):
                path = api("scheduling.volcano.sh/v1beta1", "queues", name)
                cl.replace(path, {"apiVersion": "scheduling.volcano.sh/v1beta1", "kind": "Queue", "metadata": meta(name), "spec": spec})
                cl.patch_status(path, status)
                self.add()

            jobs.append(job)
        # PodGroups (a Volcano job's gang): the pending nightly report waits in "batch".
        groups = [
            ("nightly-report", {"queue": "batch", "minMember": 2}, {"phase": "Pending", "running": 0, "succeeded": 0, "failed": 0}),
            ("etl-hourly", {"queue": "default", "minMember": 1}, {"phase": "Running", "running": 2, "succeeded": 5, "failed": 0}),
        ]
        for name, spec, status in groups:

            def group(name=name, spec=spec, status=status):
                path = api("scheduling.volcano.sh/v1beta1", "podgroups", name, SHOP)
                cl.replace(path, {"apiVersion": "scheduling.volcano.sh/v1beta1", "kind": "PodGroup", "metadata": meta(name, SHOP), "spec": spec})
                cl.patch_status(path, status)
                self.add()

            jobs.append(group)
        return jobs

    def istio(self, cl):
        host = f"frontend.{SHOP}.svc.cluster.local"
        cl.replace(
            api("networking.istio.io/v1beta1", "destinationrules", "frontend", SHOP),
            {
                "apiVersion": "networking.istio.io/v1beta1",
                "kind": "DestinationRule",
                "metadata": meta("frontend", SHOP),
                "spec": {
                    "host": host,
                    "trafficPolicy": {"loadBalancer": {"simple": "ROUND_ROBIN"}},
                    "subsets": [{"name": m, "labels": {"cluster": m}} for m in self.members],
                },
            },
        )
        routes = [{"destination": {"host": host, "subset": "member1"}, "weight": 80}]
        if len(self.members) > 1:
            routes.append({"destination": {"host": host, "subset": "member2"}, "weight": 20})
        else:
            routes[0]["weight"] = 100
        cl.replace(
            api("networking.istio.io/v1beta1", "virtualservices", "frontend", SHOP),
            {
                "apiVersion": "networking.istio.io/v1beta1",
                "kind": "VirtualService",
                "metadata": meta("frontend", SHOP),
                "spec": {"hosts": [host], "gateways": ["mesh"], "http": [{"name": "primary", "route": routes}]},
            },
        )
        self.add(2)

    def services(self, cl):
        for d in DEPLOYMENTS:
            cl.replace(
                core("services", d, SHOP),
                {
                    "apiVersion": "v1",
                    "kind": "Service",
                    "metadata": meta(d, SHOP, {"app": d}),
                    "spec": {"selector": {"app": d}, "ports": [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"}]},
                },
            )
            self.add()

    def pod(self, cl, obj, status):
        ns = obj["metadata"]["namespace"]
        cl.create(f"/api/v1/namespaces/{ns}/pods", obj)
        cl.patch_status(core("pods", obj["metadata"]["name"], ns), status)
        self.add()

    def pod_jobs(self, cl, idx, m, nodes):
        """Pods of the deployments, kube-system pods, two Pending and one Failed pod, Events."""
        jobs = []
        workers = nodes[1:]
        ip = lambda k: f"10.{100 + idx}.{k // 250}.{k % 250 + 2}"  # noqa: E731
        k = 0
        for d, image in DEPLOYMENTS.items():
            replicas = self.plan[d][m]
            rs_hash = suffix(d, "rs", n=9).replace("2", "5")
            ready = ready_replicas(d, m, replicas)
            for r in range(replicas):
                name = f"{d}-{rs_hash}-{suffix(m, d, str(r))}"
                node_name, node_ip = workers[r % len(workers)]
                labels = {"app": d, "pod-template-hash": rs_hash, "cluster": m}
                obj = pod_obj(name, SHOP, labels, image, node=node_name)
                crash = r >= ready
                st = pod_status_running(d, image, node_ip, ip(k), ready=not crash, restarts=7 if crash else 0, waiting="CrashLoopBackOff" if crash else None)
                jobs.append(lambda obj=obj, st=st: self.pod(cl, obj, st))
                if crash:
                    ev = event_obj(SHOP, {"kind": "Pod", "name": name, "fieldPath": f"spec.containers{{{d}}}"}, "BackOff", "Back-off restarting failed container", 42, "kubelet", node_name)
                    jobs.append(lambda ev=ev: self.event(cl, ev))
                k += 1
        # kube-system: coredns x2 on worker-1/2, kube-proxy on every node
        for r in range(2):
            name = f"coredns-74ff55c5b-{suffix(m, 'coredns', str(r))}"
            node_name, node_ip = workers[r % len(workers)]
            image = "k8s.gcr.io/coredns:1.7.0"
            obj = pod_obj(name, "kube-system", {"k8s-app": "kube-dns", "pod-template-hash": "74ff55c5b"}, image, node=node_name, container="coredns")
            st = pod_status_running("coredns", image, node_ip, ip(k), started_ago=86400)
            jobs.append(lambda obj=obj, st=st: self.pod(cl, obj, st))
            k += 1
        for node_name, node_ip in nodes:
            name = f"kube-proxy-{suffix(m, node_name)}"
            image = "k8s.gcr.io/kube-proxy:v1.20.2"
            obj = pod_obj(name, "kube-system", {"k8s-app": "kube-proxy"}, image, node=node_name, container="kube-proxy")
            st = pod_status_running("kube-proxy", image, node_ip, node_ip, started_ago=86400)
            jobs.append(lambda obj=obj, st=st: self.pod(cl, obj, st))
        # two Pending (unschedulable, gang-scheduled Volcano job waiting for resources)
        for r in range(2):
            name = f"nightly-report-worker-{r}"
            image = "ghcr.io/fleetdeck/report:0.9"
            obj = pod_obj(name, SHOP, {"app": "nightly-report", "volcano.sh/job-name": "nightly-report", "volcano.sh/queue-name": "batch"}, image, restart="Never", container="worker", requests={"cpu": "16", "memory": "64Gi"})
            msg = "0/4 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn't tolerate, 3 Insufficient cpu."
            jobs.append(lambda obj=obj, msg=msg: self.pod(cl, obj, pod_status_pending_unschedulable(msg)))
            ev = event_obj(SHOP, {"kind": "Pod", "name": name}, "FailedScheduling", msg, 12 + r, "default-scheduler")
            jobs.append(lambda ev=ev: self.event(cl, ev))
        # one Failed (a migration job pod)
        name = f"db-migrate-{suffix(m, 'db-migrate')}"
        image = "ghcr.io/fleetdeck/migrate:3.1"
        node_name, node_ip = workers[0]
        obj = pod_obj(name, SHOP, {"app": "db-migrate", "job-name": "db-migrate"}, image, node=node_name, restart="Never", container="migrate")
        jobs.append(lambda obj=obj, st=pod_status_failed("migrate", image, node_ip, ip(k)): self.pod(cl, obj, st))
        return jobs

    def event(self, cl, ev):
        cl.replace(core("events", ev["metadata"]["name"], ev["metadata"]["namespace"]), ev)
        self.add()

    # -- scale ----------------------------------------------------------------
    def extra_pod_jobs(self, idx, m, n):
        cl = self.c[m]
        nodes = [(f"{m}-worker-{w}", f"10.{idx}.0.{10 + w}") for w in range(1, 4)]
        image = "registry.k8s.io/pause:3.2"
        for i in range(n):
            node_name, node_ip = nodes[i % len(nodes)]
            name = f"load-{i:05d}"
            obj = pod_obj(name, "load", {"app": "load", "fleetdeck.io/load": "true"}, image, node=node_name, container="pause", requests={"cpu": "1m", "memory": "4Mi"})
            pod_ip = f"10.{200 + idx % 50}.{i // 250}.{i % 250 + 2}"
            st = pod_status_running("pause", image, node_ip, pod_ip, started_ago=600)
            yield lambda obj=obj, st=st, cl=cl: self.pod(cl, obj, st)


POLICY_OF = {"frontend": ("pp", "frontend-weighted"), "cart": ("pp", "cart-duplicated"), "checkout": ("cpp", "checkout-dynamic")}


# ----------------------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fleet-dir", default=os.environ.get("FLEET_DIR"))
    ap.add_argument("--crd-dir", required=True)
    ap.add_argument(
        "--pods",
        type=int,
        default=None,
        help="extra pods per member in namespace 'load' (load-00000...); given explicitly, extra pods beyond N are deleted",
    )
    ap.add_argument("--workers", type=int, default=int(os.environ.get("FLEET_SEED_WORKERS", "32")))
    ap.add_argument("--crds-only", action="store_true")
    a = ap.parse_args()
    if not a.fleet_dir:
        raise SystemExit("--fleet-dir or FLEET_DIR is required")
    clusters = fleet_clusters(a.fleet_dir)
    members = [name for name in clusters if name != "karmada"]

    def say(msg):
        print(f"[seed] {msg}", file=sys.stderr, flush=True)

    t0 = time.time()
    with cf.ThreadPoolExecutor(max_workers=a.workers) as pool:
        n_crds = install_crds(clusters, members, a.crd_dir, pool)
        rbac = [pool.submit(install_rbac, c) for c in clusters.values()]
        for r in rbac:
            r.result()
        say(f"{n_crds} CRDs established, viewer RBAC installed ({time.time() - t0:.1f}s)")
        if a.crds_only:
            return
        # Nested submits must not deadlock the pool: cluster-level tasks run on their own threads.
        seeder = Seeder(clusters, members, pool, a.pods or 0)
        t1 = time.time()
        top = [threading.Thread(target=lambda: errors_into(seeder.karmada, errs))]
        errs = []
        for i, m in enumerate(members, 1):
            top.append(threading.Thread(target=lambda i=i, m=m: errors_into(lambda: seeder.member(i, m), errs)))
        for t in top:
            t.start()
        for t in top:
            t.join()
        if errs:
            raise errs[0]
        base = seeder.count
        say(f"scenario seeded: {base} objects on {len(clusters)} clusters in {time.time() - t1:.1f}s")
        if a.pods is not None:
            prune_extra_pods(clusters, members, a.pods, pool, say)
        if a.pods:
            for i, m in enumerate(members, 1):
                namespace(clusters[m], "load")
            t2 = time.time()
            futs = []
            # interleave members so every apiserver is busy at once
            gens = [seeder.extra_pod_jobs(i, m, a.pods) for i, m in enumerate(members, 1)]
            done = False
            while not done:
                done = True
                for g in gens:
                    f = next(g, None)
                    if f is not None:
                        done = False
                        futs.append(pool.submit(f))
            total = len(futs)
            last = time.time()
            for n, f in enumerate(futs, 1):
                f.result()
                if time.time() - last > 5:
                    last = time.time()
                    el = last - t2
                    say(f"  extra pods: {n}/{total} ({n / el:.0f} pods/s)")
            el = time.time() - t2
            say(
                f"extra pods: {total} pods ({a.pods} per member) in {el:.1f}s = {total / el:.0f} pods/s"
                f" ({2 * total / el:.0f} requests/s: create + status)"
            )
    say(f"seeding took {time.time() - t0:.1f}s")


def prune_extra_pods(clusters, members, keep, pool, say):
    """Delete extra pods load-NNNNN with NNNNN >= keep (from an earlier, bigger --pods)."""
    doomed = []
    for m in members:
        lst = clusters[m].get("/api/v1/namespaces/load/pods?labelSelector=fleetdeck.io%2Fload%3Dtrue", ok=(200,))
        for p in lst.get("items") or []:
            name = p["metadata"]["name"]
            try:
                idx = int(name.rsplit("-", 1)[1])
            except (IndexError, ValueError):
                continue
            if idx >= keep:
                doomed.append((m, name))
    if not doomed:
        return
    futs = [pool.submit(clusters[m].delete, core("pods", name, "load")) for m, name in doomed]
    for f in futs:
        f.result()
    say(f"deleted {len(doomed)} extra pods beyond --pods {keep}")


def errors_into(fn, errs):
    try:
        fn()
    except BaseException as e:  # noqa: BLE001
        errs.append(e)


if __name__ == "__main__":
    main()
