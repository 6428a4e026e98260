-- The seed credential-stuffing query in DuckDB over the sign-in CSV export.
SELECT IPAddress, UserPrincipalName, count(*) AS FailedCount,
       time_bucket(INTERVAL 5 minute, TimeGenerated) AS TimeGenerated
FROM read_csv('{{FILE}}', header = true,
     types = {'TimeGenerated': 'TIMESTAMP', 'ResultType': 'VARCHAR', 'IPAddress': 'VARCHAR', 'UserPrincipalName': 'VARCHAR'})
WHERE ResultType IN ('50126', '50053', '50055', '50056')
GROUP BY IPAddress, UserPrincipalName, time_bucket(INTERVAL 5 minute, TimeGenerated)
HAVING count(*) > 5
ORDER BY FailedCount DESC
