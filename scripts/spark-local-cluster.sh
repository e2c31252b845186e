#!/usr/bin/env bash
# A real standalone Spark cluster on this machine, from the Maven jars (no Spark download):
#   scripts/spark-local-cluster.sh start     master on spark://127.0.0.1:7077 (web UI :8080), one worker (:8081)
#   scripts/spark-local-cluster.sh submit [train options]
#                                            spark-submit chargpt's default run to it, as to a real cluster
#   scripts/spark-local-cluster.sh stop
# WORKER_CORES (default: all) and WORKER_MEMORY (default 4g) size the worker; EXECUTOR_MEMORY (2g) each executor.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
home="$root/target/spark/home"          # SPARK_HOME: the worker launches executors from its jars/
state="$root/target/spark/cluster"      # pid files, logs, the worker's work directory
jar="$root/target/spark/chargpt-spark.jar"
master_url="spark://127.0.0.1:7077"
opts="@$root/src/spark/java-17-options"
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1

ensure_built() {
    "$root/scripts/chargpt-spark" --version >/dev/null
}

running() {
    [[ -f "$state/$1.pid" ]] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null
}

alive_workers() {
    # the master's JSON status page; 0 while it is not up
    { curl -fsS http://127.0.0.1:8080/json/ 2>/dev/null || true; } | tr -d ' \n' | sed -n 's/.*"aliveworkers":\([0-9]*\).*/\1/p' | grep . || echo 0
}

start() {
    ensure_built
    mkdir -p "$state/work" "$home/conf"
    # executors start from $home/conf and $home/jars (not chargpt's jar): without chargpt's logging
    # settings, logback logged at DEBUG: every network read and heartbeat, 4,265 lines in one run
    cp src/main/resources/logback.xml "$home/conf/logback.xml"
    if running master; then
        echo "spark-local-cluster: already running ($master_url); stop it first" >&2
        exit 1
    fi
    java $opts -Xmx512m -cp "$home/jars/*" org.apache.spark.deploy.master.Master \
        --host 127.0.0.1 --port 7077 --webui-port 8080 >"$state/master.log" 2>&1 &
    echo $! >"$state/master.pid"
    java $opts -Xmx512m -cp "$home/jars/*" org.apache.spark.deploy.worker.Worker \
        --host 127.0.0.1 --webui-port 8081 --cores "${WORKER_CORES:-$(nproc)}" --memory "${WORKER_MEMORY:-4g}" \
        --work-dir "$state/work" "$master_url" >"$state/worker.log" 2>&1 &
    echo $! >"$state/worker.pid"
    for _ in $(seq 1 120); do
        if [[ "$(alive_workers)" -ge 1 ]]; then
            echo "spark-local-cluster: master $master_url (web UI http://127.0.0.1:8080) with 1 worker; logs in $state"
            return 0
        fi
        if ! running master || ! running worker; then
            break
        fi
        sleep 1
    done
    echo "spark-local-cluster: the cluster did not come up; see $state/master.log and $state/worker.log" >&2
    stop >/dev/null
    exit 1
}

stop() {
    for role in worker master; do
        if running "$role"; then
            pid="$(cat "$state/$role.pid")"
            pkill -TERM -P "$pid" 2>/dev/null || true   # the worker's executors
            kill -TERM "$pid"
            for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
            kill -KILL "$pid" 2>/dev/null || true
        fi
        rm -f "$state/$role.pid"
    done
    echo "spark-local-cluster: stopped"
}

submit() {
    if ! running master; then
        echo "spark-local-cluster: no cluster is running; start it with: scripts/spark-local-cluster.sh start" >&2
        exit 1
    fi
    export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
    # Client mode: the driver (chargpt's epoch loop) runs here, the steps on the executors.
    # DL4J_VOID_IP gives the executors an address of their own for gradient sharing (see docs/spark.md).
    exec java $opts -Xmx2g -Djava.awt.headless=true -cp "$jar:$home/jars/*" org.apache.spark.deploy.SparkSubmit \
        --master "$master_url" --deploy-mode client \
        --conf spark.executor.memory="${EXECUTOR_MEMORY:-2g}" \
        --conf spark.executorEnv.DL4J_VOID_IP=127.0.0.2 \
        --class dev.chargpt.cli.Main "$jar" train --spark submit "$@"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    submit) shift; submit "$@" ;;
    *) echo "usage: scripts/spark-local-cluster.sh start|submit [train options]|stop" >&2; exit 2 ;;
esac
