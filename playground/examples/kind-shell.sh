#!/bin/sh
set -e
# A one-off run is not told what it lacks; a detached one is.
docker run --rm -v "$PWD:/src" golang:1.23 go build ./...
docker run -d --name api --restart unless-stopped \
  --privileged -e DB_PASSWORD=hunter2 \
  -v /var/run/docker.sock:/var/run/docker.sock \
  api:latest
