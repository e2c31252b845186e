#
# chargpt in a container: Maven builds the jar in one stage, a slim Java 17 runtime runs it.
#
# CPU image (the default target, the last stage of this file):
#   docker build -t chargpt .
#   docker run --rm -v "$PWD/data:/app/data" -v "$PWD/models:/app/models" -v "$PWD/charts:/app/charts" chargpt train
#
# NVIDIA GPU image (target "cuda": built with the Maven profile -P cuda, ND4J's CUDA 11.6 backend):
#   docker build --target cuda -t chargpt:cuda .
#   docker run --rm --gpus all -v "$PWD/data:/app/data" -v "$PWD/models:/app/models" -v "$PWD/charts:/app/charts" chargpt:cuda train
# The host needs the NVIDIA driver 510 or newer and the NVIDIA Container Toolkit, nothing else:
# the jar carries the CUDA 11.6 libraries it uses (cudart, cuBLAS, cuSOLVER). It runs on GPUs of
# compute capability 3.7 to 8.9, not on Hopper (H100) or newer: see docs/gpu-and-docker.md.
#
# Any chargpt command replaces "train": docker run --rm chargpt info, ... chargpt sample --help.
# The last stage is the CPU image, and BuildKit (Docker's default builder since 23.0; DOCKER_BUILDKIT=1
# before) builds only the stages a target needs, so the CPU build never downloads the 2.4 GB of CUDA
# dependencies. No "# syntax" line: it would make BuildKit fetch its frontend from Docker Hub; the
# built-in one builds this file (RUN --mount included), also offline.
#
# The base images are build arguments, with the public images as defaults: without a registry, any
# image with the same contents will do (scripts/docker-check.sh makes Debian stand-ins), e.g.
#   docker build --build-arg MAVEN_IMAGE=my/maven-jdk17 --build-arg JRE_IMAGE=my/jre17 -t chargpt .
# MAVEN_IMAGE needs mvn and a JDK 17; JRE_IMAGE a Java 17 runtime in /opt/java/openjdk and apt-get.
# An extra trust store for Maven (a TLS-inspecting proxy): --secret id=truststore,src=FILE
# (src/main/sh/image-maven; a secret, in no layer of the image).

ARG MAVEN_IMAGE=maven:3.8-eclipse-temurin-17
ARG JRE_IMAGE=eclipse-temurin:17-jre
# Any image works here as long as it has apt-get: the jar brings CUDA's libraries, and the
# NVIDIA_* variables below ask the container runtime for the driver. NVIDIA deletes the tags of
# old CUDA images from time to time; if this one is gone, --build-arg CUDA_IMAGE=ubuntu:22.04 will do.
ARG CUDA_IMAGE=nvidia/cuda:11.6.2-base-ubuntu20.04

# ---- build: the CPU jar (profile cpu, ND4J native + OpenBLAS for linux-x86_64)
FROM ${MAVEN_IMAGE} AS build
ARG TRUSTSTORE_PASSWORD
WORKDIR /build
# The dependencies first, in a layer of their own: editing the sources does not download them again.
# platform/pom.xml (the parent) picks the natives of the platform the build runs on.
COPY src/main/sh/image-maven /usr/local/bin/image-maven
COPY platform/pom.xml ./platform/
COPY pom.xml .
RUN --mount=type=secret,id=truststore image-maven dependency:go-offline
COPY src ./src
RUN --mount=type=secret,id=truststore image-maven -DskipTests package

# ---- build-cuda: the CUDA jar (profile cuda: ND4J CUDA 11.6 + the CUDA 11.6 redistributable)
FROM ${MAVEN_IMAGE} AS build-cuda
ARG TRUSTSTORE_PASSWORD
WORKDIR /build
COPY src/main/sh/image-maven /usr/local/bin/image-maven
COPY platform/pom.xml ./platform/
COPY pom.xml .
RUN --mount=type=secret,id=truststore image-maven -P cuda dependency:go-offline
COPY src ./src
RUN --mount=type=secret,id=truststore image-maven -P cuda -DskipTests package

# ---- jre: the Java 17 runtime both images use
FROM ${JRE_IMAGE} AS jre

# ---- cuda: the GPU image (the tag is in CUDA_IMAGE's default above; linters that do not expand
# ARGs report a missing tag here)
FROM ${CUDA_IMAGE} AS cuda
# The CUDA image's own apt source is not needed (fonts come from Ubuntu) and its signing key has
# changed before, breaking apt-get update: drop it. fontconfig and a font: JFreeChart draws the
# loss chart with AWT, which needs both even when headless. Ubuntu's package versions are not
# pinned (hadolint DL3008): the archive drops superseded versions, so a pin would break the build.
# hadolint ignore=DL3008
RUN rm -f /etc/apt/sources.list.d/cuda*.list /etc/apt/sources.list.d/nvidia-ml*.list \
    && apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="${JAVA_HOME}/bin:${PATH}"
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
# Ask the NVIDIA container runtime for the GPUs and the driver's compute library, and have it refuse
# to start on a driver older than CUDA 11.6 (driver 510), whatever the base image says.
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    NVIDIA_REQUIRE_CUDA="cuda>=11.6"
# One OpenMP and one BLAS thread: the measured best on small machines (see docs/performance.md, "Threads").
# Override with -e OMP_NUM_THREADS=4 -e OPENBLAS_NUM_THREADS=4.
ENV OMP_NUM_THREADS=1 \
    OPENBLAS_NUM_THREADS=1
WORKDIR /app
COPY --from=build-cuda /build/target/chargpt.jar /app/chargpt.jar
RUN mkdir -p /app/data /app/models /app/charts
# data/: downloaded corpora; models/: checkpoints; charts/: loss charts. Mount host folders here.
VOLUME ["/app/data", "/app/models", "/app/charts"]
# Runs as root so that it can write into bind-mounted host folders whatever their owner; run it
# with --user "$(id -u):$(id -g)" to write the files as yourself instead.
# The Java heap is the launcher's (dev.chargpt.train.MemoryPlan: every preset on the named corpora;
# a training run caps ND4J's arrays from its own plan); more with -e JAVA_OPTS=-Xmx2g, which the entrypoint
# puts after the image's own options (JAVA_TOOL_OPTIONS would lose to -Xmx640m). JavaCPP unpacks the
# native libraries at each start into /tmp/javacpp (0.4 GB for the CPU image, 1.6 GB for CUDA),
# where any user can write; mount a volume there to keep them between runs.
# The entrypoint picks OpenBLAS's kernels as ./chargpt does (src/main/sh/image-entrypoint), then runs java.
COPY src/main/sh/image-entrypoint src/main/sh/openblas-coretype /app/
ENTRYPOINT ["/app/image-entrypoint", "java", "-Djava.awt.headless=true", "-Xmx640m", "-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp", "-jar", "/app/chargpt.jar"]
CMD ["train"]

# ---- cpu: the default image
FROM ${JRE_IMAGE} AS cpu
# fontconfig and a font for the charts, unpinned as above.
# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
# The launcher's memory settings (see ./chargpt): large blocks mapped on their own, and a serial
# collector with a small young generation. OpenBLAS's kernels: the entrypoint picks them by the CPU
# the container runs on, with ./chargpt's script; -e OPENBLAS_CORETYPE=... wins.
ENV OMP_NUM_THREADS=1 \
    OPENBLAS_NUM_THREADS=1 \
    MALLOC_MMAP_THRESHOLD_=1048576
WORKDIR /app
COPY --from=build /build/target/chargpt.jar /app/chargpt.jar
RUN mkdir -p /app/data /app/models /app/charts
VOLUME ["/app/data", "/app/models", "/app/charts"]
COPY src/main/sh/image-entrypoint src/main/sh/openblas-coretype /app/
ENTRYPOINT ["/app/image-entrypoint", "java", "-Djava.awt.headless=true", "-Xmx640m", "-XX:+UseSerialGC", "-XX:MaxHeapFreeRatio=40", "-Xmn64m", "-Xms96m", "-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp", "-jar", "/app/chargpt.jar"]
CMD ["train"]
