# An image for connector.mode=image: the official Spark image with the S3A connector jars the chart pins, so no
# pod downloads them at start. Build it next to the list of jars:
#
#   scripts/connector-jars.sh charts/spark-4.1 > connector-jars.txt
#   docker build -f docs/examples/connector-image.Dockerfile -t registry.example/spark:4.1.0-s3a \
#     --build-arg SPARK_IMAGE=docker.io/apache/spark:4.1.0-scala2.13-java21-python3-ubuntu .
#   helm install spark-41 charts/spark-4.1 --set connector.mode=image \
#     --set image.repository=registry.example/spark --set image.tag=4.1.0-s3a
#
# (spark-3.5: charts/spark-3.5, the 3.5.7 image, and --set spark-standalone.connector.mode=image ...)
# MAVEN may point at a mirror of Maven Central; every jar is checked against its pinned SHA-256.
ARG SPARK_IMAGE
FROM ${SPARK_IMAGE}
ARG MAVEN=https://repo1.maven.org/maven2
COPY connector-jars.txt /tmp/connector-jars.txt
USER root
RUN set -e; cd /opt/spark/jars; \
    while read -r path sha; do \
      wget -q "$MAVEN/$path"; echo "$sha  ${path##*/}" | sha256sum -c -; \
    done </tmp/connector-jars.txt; \
    rm /tmp/connector-jars.txt
USER spark
