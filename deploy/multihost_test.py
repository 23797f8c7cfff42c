"""Multi-host test: 3 app hosts behind nginx, one host cut mid-run, failed lookups counted.

Needs root, iproute2 and nginx (Debian packages; test.sh installs them). Every host is a
network namespace of its own (lookup-h1..3, addresses 10.231.N.2) joined by a veth pair to
the balancer's namespace (lookup-lb, 10.231.N.1), so all traffic stays on this machine. Each
host pulls the published SYNTHETIC snapshot with deploy/pull-snapshot.sh and runs gunicorn
(deploy/gunicorn.conf.py) and the channel worker, as ./serve.sh does; nginx runs
deploy/nginx/site.conf over HTTPS (a throwaway self-signed certificate) with an upstream list
of the three. A load client in the balancer's namespace sends GETs of random video IDs for
--seconds; a third of the way in, host 2's link is cut. Prints hosts, requests, failed lookups
(target 0: nginx retries idempotent GETs on another host), latency, and requests per host.
Exit code 0 when no lookup failed, 1 otherwise, 2 when the machine cannot run it.

Examples:
  sudo .venv/bin/python deploy/multihost_test.py
  sudo .venv/bin/python deploy/multihost_test.py --seconds 30 --clients 16
"""

import hashlib
import http.client
import json
import os
import random
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lookup import cli  # noqa: E402

HOSTS = 3
NET = "10.231"  # 10.231.N.0/24 links the balancer and host N, inside our own namespaces
LB = "lookup-lb"


def sh(*cmd, ns=None, check=True, **kw):
    """Run a command, in a namespace when ns is given."""
    full = (["ip", "netns", "exec", ns] if ns else []) + [str(c) for c in cmd]
    return subprocess.run(full, check=check, capture_output=True, text=True, **kw)


def can_run():
    """'' when this machine can run the test, else why not."""
    if os.geteuid() != 0:
        return "needs root (network namespaces)"
    for tool in ("ip", "nginx", "openssl", "curl"):
        if shutil.which(tool) is None:
            return f"needs {tool} (apt-get install iproute2 nginx-light openssl curl)"
    probe = "lookup-probe"
    made = sh("ip", "netns", "add", probe, check=False)
    sh("ip", "netns", "del", probe, check=False)
    return "" if made.returncode == 0 else f"cannot make network namespaces: {made.stderr.strip()}"


def network_up():
    """The balancer's namespace, one per host, and a veth pair from each host to it."""
    network_down()
    sh("ip", "netns", "add", LB)
    sh("ip", "link", "set", "lo", "up", ns=LB)
    for n in range(1, HOSTS + 1):
        host, outer, inner = f"lookup-h{n}", f"lklb{n}", f"lkh{n}"
        sh("ip", "netns", "add", host)
        sh("ip", "link", "set", "lo", "up", ns=host)
        sh("ip", "link", "add", outer, "type", "veth", "peer", "name", inner)
        sh("ip", "link", "set", outer, "netns", LB)
        sh("ip", "link", "set", inner, "netns", host)
        sh("ip", "addr", "add", f"{NET}.{n}.1/24", "dev", outer, ns=LB)
        sh("ip", "addr", "add", f"{NET}.{n}.2/24", "dev", inner, ns=host)
        sh("ip", "link", "set", outer, "up", ns=LB)
        sh("ip", "link", "set", inner, "up", ns=host)


def network_down():
    """Remove the namespaces (their veth pairs go with them)."""
    for name in [LB] + [f"lookup-h{n}" for n in range(1, HOSTS + 1)]:
        sh("ip", "netns", "del", name, check=False)


def publish(work, videos):
    """Write the SYNTHETIC index and publish it as a snapshot with its checksum."""
    from bench.bench_http import build  # numpy: a development requirement

    index = work / "publish" / "index-synthetic.db"
    index.parent.mkdir(parents=True)
    found, _ = build(index, videos)
    sha = hashlib.sha256(index.read_bytes()).hexdigest()
    return index, sha, found


def start_host(n, work, snapshot, sha):
    """Pull the snapshot into host n's own folder and start its gunicorn and channel worker."""
    folder = work / f"h{n}"
    folder.mkdir()
    sh(ROOT / "deploy" / "pull-snapshot.sh", snapshot.as_uri(), sha, folder / "index.db")
    env = {**os.environ, "INDEX_PATH": str(folder / "index.db"),
           "FLASK_CHANNEL_CACHE_PATH": json.dumps(str(folder / "channels.db")),
           "FLASK_METADATA_PATH": json.dumps(str(folder / "none.db")),
           "FLASK_NAMES_PATH": json.dumps(str(folder / "names")), "FLASK_PROXY_HOPS": "1",
           "BIND": f"{NET}.{n}.2:8000", "WEB_CONCURRENCY": "1", "THREADS": "4",
           "FORWARDED_ALLOW_IPS": f"{NET}.{n}.1", "LOG_LEVEL": "warning",
           # This run tests failover, not overload: on a machine others share, a 50 ms wait
           # for a thread is not rare, and the 503 it would earn is not what is measured.
           "FLASK_SHED_QUEUED": "1.0"}
    ns = ["ip", "netns", "exec", f"lookup-h{n}"]
    log = open(folder / "host.log", "w")
    python = Path(sys.executable)
    return [subprocess.Popen(ns + [python.with_name("gunicorn"), "-c", "deploy/gunicorn.conf.py"],
                             cwd=ROOT, env=env, stdout=log, stderr=log),
            subprocess.Popen(ns + [python, "scripts/channel_worker.py"], cwd=ROOT, env=env,
                             stdout=log, stderr=log)]


def start_balancer(work):
    """nginx in the balancer's namespace: deploy/nginx/site.conf over the three hosts."""
    conf = work / "nginx"
    conf.mkdir()
    sh("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
       "/CN=localhost", "-keyout", conf / "key.pem", "-out", conf / "cert.pem")
    servers = "".join(f"    server {NET}.{n}.2:8000 max_fails=1 fail_timeout=5s;\n"
                      for n in range(1, HOSTS + 1))
    upstream = (ROOT / "deploy" / "nginx" / "upstream.conf").read_text()
    upstream = "\n".join(line for line in upstream.splitlines()
                         if "server 10.0.0." not in line)
    upstream = upstream.replace("consistent;\n", "consistent;\n" + servers)
    upstream = upstream.replace("upstream lookup_app {\n", "upstream lookup_app {\n" + servers)
    (conf / "upstream.conf").write_text(upstream)
    site = (ROOT / "deploy" / "nginx" / "site.conf").read_text()
    site = site.replace("/etc/ssl/lookup/fullchain.pem", str(conf / "cert.pem"))
    site = site.replace("/etc/ssl/lookup/privkey.pem", str(conf / "key.pem"))
    site = site.replace("listen 80;", "listen 127.0.0.1:8080;").replace(
        "listen 443 ssl http2;", "listen 127.0.0.1:8443 ssl http2;")
    site = "\n".join(line for line in site.splitlines() if "[::]" not in line)
    (conf / "site.conf").write_text(site)
    (conf / "nginx.conf").write_text(f"""
pid {conf}/nginx.pid;
error_log {conf}/error.log warn;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
    log_format lookup_upstream '$status|$upstream_addr|$upstream_status|$request_time';
    access_log {conf}/access.log lookup_upstream;
    client_body_temp_path {conf}/body;
    proxy_temp_path {conf}/proxy;
    include {conf}/upstream.conf;
    include {conf}/site.conf;
}}
""")
    sh("nginx", "-t", "-c", conf / "nginx.conf", ns=LB)
    sh("nginx", "-c", conf / "nginx.conf", ns=LB)
    return conf


def wait_ready(timeout=60):
    """Until every host answers through the balancer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        up = [sh("curl", "-fsS", "-o", "/dev/null", f"http://{NET}.{n}.2:8000/api/v1/datasets",
                 ns=LB, check=False).returncode == 0 for n in range(1, HOSTS + 1)]
        if all(up):
            return
        time.sleep(0.5)
    raise SystemExit("the hosts did not come up; see their host.log")


LOAD = r'''
import http.client, json, random, ssl, sys, threading, time
ids, seconds, clients = json.loads(sys.stdin.read()), float(sys.argv[1]), int(sys.argv[2])
context = ssl._create_unverified_context()  # the test's own self-signed certificate
results, lock, stop = [], threading.Lock(), time.monotonic() + seconds
def client(seed):
    rng, conn, mine = random.Random(seed), None, []
    while time.monotonic() < stop:
        if conn is None:
            conn = http.client.HTTPSConnection("127.0.0.1", 8443, timeout=30, context=context)
        video = rng.choice(ids)
        started = time.monotonic()
        try:
            conn.request("GET", "/api/v1/videos/" + video)
            response = conn.getresponse()
            body = response.read()
            ok = response.status == 200 and json.loads(body)["videos"][0]["found"]
            mine.append((started, time.monotonic() - started, response.status if ok else
                         f"{response.status}"))
        except Exception as error:
            mine.append((started, time.monotonic() - started, type(error).__name__))
            conn.close()
            conn = None
    with lock:
        results.extend(mine)
threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps(results))
'''


def run_load(ids, seconds, clients, cut_at):
    """The load client in the balancer's namespace; cuts host 2's link at cut_at seconds."""
    proc = subprocess.Popen(["ip", "netns", "exec", LB, sys.executable, "-c", LOAD,
                             str(seconds), str(clients)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    cutter = threading.Timer(cut_at, lambda: sh("ip", "link", "set", "lklb2", "down", ns=LB))
    cutter.start()
    out, _ = proc.communicate(json.dumps(ids), timeout=seconds + 120)
    cutter.join()
    return json.loads(out)


def per_host(conf):
    """Requests each host answered, from nginx's log ($upstream_addr; retries show as 'a, b')."""
    counts = Counter()
    for line in (conf / "access.log").read_text().splitlines():
        last = line.split("|")[1].split(", ")[-1]
        counts[last.split(":")[0]] += 1
    return counts


def report(results, seconds, cut_at, conf):
    """Print the figures; returns the number of failed lookups."""
    failed = [r for r in results if r[2] != 200]
    latencies = sorted(r[1] for r in results)
    pct = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa
    slow = [r for r in results if r[1] > 1.0]
    print(f"\nhosts: {HOSTS} (gunicorn + channel worker each, own netns) behind nginx "
          f"(HTTPS); host 2's link cut at {cut_at:.0f} s of {seconds:.0f} s")
    print(f"requests: {len(results):,}   failed lookups: {len(failed)}   "
          f"p50 {pct(0.5):.1f} ms   p99 {pct(0.99):.1f} ms   max {latencies[-1] * 1000:.0f} ms"
          f"   over 1 s: {len(slow)} (in flight on the cut host, retried after the timeout)")
    for address, n in sorted(per_host(conf).items()):
        print(f"  {address}: {n:,} answers")
    for what, n in Counter(str(r[2]) for r in failed).most_common():
        print(f"  failed: {what} × {n}")
    return len(failed)


def main(argv=None):
    """Set up, load, cut, report, tear down; returns the exit code."""
    p = cli.parser(__doc__, "multihost_test.py")
    p.add_argument("--seconds", type=float, default=20, help="length of the load run")
    p.add_argument("--clients", type=int, default=8, help="concurrent keep-alive clients")
    p.add_argument("--videos", type=int, default=200_000, help="videos in the SYNTHETIC index")
    p.add_argument("--keep", action="store_true", help="keep the logs and configs (printed)")
    args = p.parse_args(argv)
    why = can_run()
    if why:
        print(f"multihost_test: {why}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="lookup-multihost-"))
    work.chmod(0o755)  # nginx's workers (www-data) write their buffers here
    procs = []
    try:
        snapshot, sha, found = publish(work, args.videos)
        network_up()
        for n in range(1, HOSTS + 1):
            procs += start_host(n, work, snapshot, sha)
        wait_ready()
        conf = start_balancer(work)
        cut_at = args.seconds / 3
        results = run_load(random.Random(1).sample(found, min(2000, len(found))),
                           args.seconds, args.clients, cut_at)
        return 1 if report(results, args.seconds, cut_at, conf) else 0
    finally:
        pid = work / "nginx" / "nginx.pid"
        if pid.exists():
            sh("kill", pid.read_text().strip(), check=False)
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        network_down()
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
