# One image for every distill service; docker-compose.yml picks the service with the command
# (ingest, teacher, student, edge). Built from source with Maven Central only.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests install

FROM eclipse-temurin:17-jre
WORKDIR /opt/distill
COPY --from=build /src/streams-app/target/distill.jar ./distill.jar
COPY --from=build /src/streams-app/target/lib ./lib
# Settings come from DISTILL_* environment variables (DISTILL_BOOTSTRAP_SERVERS is bootstrap.servers).
ENV DISTILL_JAVA_OPTS="-Xmx1g"
ENTRYPOINT ["sh", "-c", "exec java $DISTILL_JAVA_OPTS -jar /opt/distill/distill.jar \"$@\"", "distill"]
CMD ["--help"]
