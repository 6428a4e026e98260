-- The seed's bulk-export method in DuckDB.
WITH t AS (
  SELECT * FROM read_csv('{{FILE}}', header = true,
    columns = {'timestamp': 'TIMESTAMP', 'user_id': 'VARCHAR', 'bytes_transferred': 'BIGINT'})
), hourly AS (
  SELECT user_id, date_trunc('hour', "timestamp") AS hour, sum(bytes_transferred) AS bytes
  FROM t GROUP BY ALL
), s AS (
  SELECT avg(bytes) AS m, stddev_samp(bytes) AS sd FROM hourly
)
SELECT user_id, hour, bytes, (bytes - m) / sd AS z
FROM hourly, s
WHERE (bytes - m) / sd > 3
ORDER BY z DESC
