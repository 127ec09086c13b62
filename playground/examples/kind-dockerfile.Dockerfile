# A Go API built and shipped in one stage: the Go toolchain, git and gcc all end up in the image.
FROM golang:1.23
ARG GITHUB_TOKEN
ENV DATABASE_PASSWORD=hunter2-but-longer
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
COPY . .
RUN go build -o /usr/local/bin/api ./cmd/api
COPY deploy/id_rsa /root/.ssh/id_rsa
EXPOSE 8080
CMD ["/usr/local/bin/api"]
