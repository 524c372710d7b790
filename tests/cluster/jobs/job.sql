-- The DDL and DML every job of the jobs tests runs through its version's metastore; @DB@ names the job's
-- database. `kept` stays for the isolation checks (its rows in PostgreSQL, its files under the warehouse).
CREATE DATABASE IF NOT EXISTS @DB@;
DROP TABLE IF EXISTS @DB@.kept;
CREATE TABLE @DB@.kept (id INT, word STRING) USING parquet;
INSERT INTO @DB@.kept VALUES (1, 'one'), (2, 'two'), (3, 'three');
CREATE TABLE IF NOT EXISTS @DB@.dropped (id INT) USING parquet;
INSERT INTO @DB@.dropped VALUES (1);
DROP TABLE @DB@.dropped;
SELECT concat('rows=', count(*), ' sum=', sum(id)) FROM @DB@.kept;
SHOW TABLES IN @DB@;
