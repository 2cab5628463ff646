# syntax=docker/dockerfile:1
# briefbot: one container, one volume (/data). Build: docker build -t briefbot .

# --- dependency plan (cargo-chef): rebuilds only when Cargo.toml/Cargo.lock change
FROM rust:1.95-slim-bookworm AS chef
RUN cargo install cargo-chef --locked --version 0.1.78
WORKDIR /src

FROM chef AS planner
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY benches ./benches
COPY examples ./examples
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /src/recipe.json recipe.json
RUN cargo chef cook --release --locked --recipe-path recipe.json --bin briefbot
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY benches ./benches
COPY examples ./examples
COPY config ./config
RUN cargo build --release --locked --bin briefbot \
    && cp target/release/briefbot /usr/local/bin/briefbot

# --- runtime: CA certificates for Discord's TLS, tzdata for schedules, WordNet for
# /position's related topics (/usr/share/wordnet, read at run time), no root
FROM debian:bookworm-slim AS runtime
# Debian security updates replace these packages' versions; pinning them would break builds.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata wordnet-base \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin briefbot \
    && mkdir -p /data \
    && chown briefbot:briefbot /data
WORKDIR /app
COPY --from=builder /usr/local/bin/briefbot /usr/local/bin/briefbot
COPY briefs ./briefs
COPY config ./config
# glibc's heaps are left at their default: MALLOC_ARENA_MAX=2 once cut the bot's memory at
# 10k briefs from 238 to 189 MiB, but with each claim stored once it saves 7 MiB (124 to
# 117) and slows an ingest by 15% (BENCHMARKS.md, stop 33).
ENV BRIEFBOT_DATA_DIR=/data \
    RUST_LOG=warn,briefbot=info
USER 10001:10001
VOLUME /data
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["briefbot", "healthcheck"]
ENTRYPOINT ["briefbot"]
CMD ["run"]
