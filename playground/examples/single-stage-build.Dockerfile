# Single-stage build (SS201): the Go toolchain that compiles the API ships in the image with it.
FROM golang:1.23
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /usr/local/bin/api ./cmd/api
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/api"]
