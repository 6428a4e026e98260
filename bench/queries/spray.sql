-- Password spray in DuckDB (exact distinct count).
SELECT IPAddress, time_bucket(INTERVAL 20 minute, TimeGenerated) AS TimeGenerated,
       count(DISTINCT UserPrincipalName) AS Accounts, count(*) AS Attempts
FROM read_json('{{FILE}}', format = 'newline_delimited',
     columns = {TimeGenerated: 'TIMESTAMP', ResultType: 'VARCHAR', IPAddress: 'VARCHAR', UserPrincipalName: 'VARCHAR'})
WHERE ResultType IN ('50126', '50053')
GROUP BY ALL
HAVING count(DISTINCT UserPrincipalName) >= 10
ORDER BY Accounts DESC
