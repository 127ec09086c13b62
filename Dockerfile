# syntax=docker/dockerfile:1
# The shipshape CLI as a container image: one static binary on an empty base, run as a non-root
# user, with no shell and nothing to write:
#
#   docker build -t shipshape .
#   docker run --rm --read-only --cap-drop ALL --security-opt no-new-privileges \
#     --pids-limit 64 -v "$PWD:/src:ro" shipshape check /src
#
# The build stage runs the same build as `cargo xtask dist --release-archives` (target, profile,
# lockfile, cargo-auditable), so the image's binary is the release archive's.

FROM rust:1.95.0-slim-bookworm AS build
# The toolchain of the image, not rust-toolchain.toml's extra wasm targets (not needed here).
ENV RUSTUP_TOOLCHAIN=1.95.0
RUN apt-get update \
 && apt-get install -y --no-install-recommends musl-tools \
 && rm -rf /var/lib/apt/lists/*
RUN rustup target add x86_64-unknown-linux-musl \
 && cargo install --locked --version 0.7.7 cargo-auditable
WORKDIR /shipshape
COPY . .
# The commit `shipshape --version` prints (the release workflow passes it; .git is not copied).
ARG SHIPSHAPE_BUILD_COMMIT=""
RUN SHIPSHAPE_BUILD_COMMIT="$SHIPSHAPE_BUILD_COMMIT" \
    cargo auditable build --locked --profile dist --target x86_64-unknown-linux-musl --package shipshape \
 && cp target/x86_64-unknown-linux-musl/dist/shipshape /usr/local/bin/shipshape

FROM scratch
COPY --from=build /usr/local/bin/shipshape /usr/local/bin/shipshape
# distroless's "nonroot" user: no passwd entry is needed for a numeric id.
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/shipshape"]
CMD ["check", "."]
