#!/usr/bin/env python3
"""The seed's bulk-export method in pandas.

Read the transfer CSV (timestamp,user_id,bytes_transferred), parse the
timestamps, sum bytes_transferred per user and hour (timestamp floored to the
hour), compute the z-score of every user-hour against the mean and the
standard deviation (pandas' default: sample) of ALL user-hours, and print the
user-hours with z > 3 as CSV, highest first.

Usage: python3 seed_bulk_export.py transfers.csv
"""
import sys

import pandas as pd


def main(path):
    df = pd.read_csv(path)
    df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True)
    df["hour"] = df["timestamp"].dt.floor("h")
    hourly = df.groupby(["user_id", "hour"], as_index=False)["bytes_transferred"].sum()
    hourly = hourly.rename(columns={"bytes_transferred": "bytes"})
    mean, std = hourly["bytes"].mean(), hourly["bytes"].std()
    hourly["z"] = (hourly["bytes"] - mean) / std
    flagged = hourly[hourly["z"] > 3].sort_values("z", ascending=False)
    flagged.to_csv(sys.stdout, index=False, columns=["user_id", "hour", "bytes", "z"])


if __name__ == "__main__":
    main(sys.argv[1])
