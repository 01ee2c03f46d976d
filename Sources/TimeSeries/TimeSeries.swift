/// Sensor time series: readings, buckets, rolling windows, alarms and forecasts.
public enum TimeSeriesModule {}
