"""Calibration: shipped provincial data, validated loaders, moments and estimators."""
