# syntax=docker/dockerfile:1
# The text writer (or any `sluice` command) in a container. Build from the repository root:
#   docker build -t sluice .
#   docker run --rm -p 5001:5001 -e KAFKA_BOOTSTRAP_SERVERS=kafka:9092 -e DATABASE_HOST=postgres \
#       -e DATABASE_PORT=5432 -e DATABASE_PASSWORD=... sluice
# The image runs `sluice run text-writer`: nothing embedded, Kafka and PostgreSQL come from the environment.
# Not built in this repository's CI (no Docker daemon there); see deploy/README.md.

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
# Only the modules the launcher jar needs; tests run in CI (.ci/run), not in the image build.
RUN --mount=type=cache,target=/cache/m2 \
    ./mvnw -B -q -Dmaven.repo.local=/cache/m2 -DskipTests -Dspotless.check.skip=true package -pl sluice-app -am

FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 sluice \
    && useradd --system --uid 10001 --gid sluice --home-dir /app --shell /usr/sbin/nologin sluice
WORKDIR /app
# The jar's manifest puts lib/*.jar on the class path, relative to the jar.
COPY --from=build /src/sluice-app/target/lib/ /app/lib/
COPY --from=build /src/sluice-app/target/sluice.jar /app/sluice.jar
USER 10001:10001
# The heap follows the container's memory limit; less JIT work at start, as the launcher does (docs/adr/0017).
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError -XX:CompileThresholdScaling=5"
EXPOSE 5001
# /health is 200 when healthy or degraded (retrying an outage), 503 when the database is unreachable or the
# consumer has stopped. The image ships curl. Adjust the port if you set HTTP_PORT.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://localhost:5001/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/sluice.jar"]
CMD ["run", "text-writer"]
