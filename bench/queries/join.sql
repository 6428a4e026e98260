-- Success after failures in DuckDB.
WITH s AS (
  SELECT * FROM read_json('{{FILE}}', format = 'newline_delimited',
    columns = {TimeGenerated: 'TIMESTAMP', ResultType: 'VARCHAR', IPAddress: 'VARCHAR',
               UserPrincipalName: 'VARCHAR', AppDisplayName: 'VARCHAR'})
), failed AS (
  SELECT UserPrincipalName, IPAddress, date_trunc('hour', TimeGenerated) AS Hour, count(*) AS Failures
  FROM s WHERE ResultType IN ('50126', '50053', '50055', '50056') GROUP BY ALL
), succeeded AS (
  SELECT UserPrincipalName, IPAddress, date_trunc('hour', TimeGenerated) AS Hour,
         count(*) AS Successes, count(DISTINCT AppDisplayName) AS Apps
  FROM s WHERE ResultType = '0' GROUP BY ALL
)
SELECT f.UserPrincipalName, f.IPAddress, f.Hour, f.Failures, s.Successes, s.Apps
FROM failed f JOIN succeeded s USING (UserPrincipalName, IPAddress, Hour)
WHERE f.Failures >= 3
ORDER BY f.Failures DESC
