"""Exports for analysts: posts, events, share time series, proposals, groups, organisations."""
