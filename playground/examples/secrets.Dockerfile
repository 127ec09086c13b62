# Secrets in the image (SS501, SS503): ENV and ARG values are stored in the image's history,
# readable by anyone who can pull it. Use build secrets and inject runtime secrets instead.
FROM alpine:3.20
ARG NPM_TOKEN
ENV DATABASE_PASSWORD=correct-horse-battery-staple
ENV GITHUB_TOKEN=ghp_Zx8Qm2Lp4Rt6Vb1Nc3Kd5Hf7Jg9Ws0Ey2Ua4
COPY app /app
USER 10001
CMD ["/app/server"]
