# syntax=docker/dockerfile:1
# Build: dependencies first (cached while only src/ changes), then the service.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /app
COPY Cargo.toml Cargo.lock ./
# A placeholder crate with the same manifest compiles and caches every dependency.
RUN mkdir -p src benches \
    && echo 'fn main() {}' > src/main.rs \
    && echo '' > src/lib.rs \
    && echo 'fn main() {}' > benches/pipeline.rs \
    && cargo build --release --locked \
    && rm -rf src benches
COPY migrations ./migrations
COPY data ./data
# the query macros' offline data, and the setting that makes the build read it
COPY .sqlx ./.sqlx
COPY .cargo ./.cargo
COPY src ./src
# the desk's page templates (askama, compiled in) and its stylesheet and script
COPY templates ./templates
COPY static ./static
COPY benches ./benches
# touch: make cargo rebuild our crate rather than reuse the placeholder
RUN touch src/main.rs src/lib.rs && cargo build --release --locked --bin healthreport

# Runtime: a small Debian with the binary, its knowledge files and a non-root user.
FROM debian:bookworm-slim AS runtime
# ca-certificates follows Debian's security updates; a pinned version would stop building.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /app/target/release/healthreport /usr/local/bin/healthreport
COPY --chown=app:app data ./data
USER 10001:10001
ENV HOST=0.0.0.0 \
    PORT=8080 \
    LOG_FORMAT=json \
    KNOWLEDGE_DIR=/app/data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 CMD ["healthreport", "healthcheck"]
ENTRYPOINT ["healthreport"]
CMD ["serve"]
