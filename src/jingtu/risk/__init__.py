"""Risk assessments of plots (HJ 25.3-2019) on the plot's stored lab data: the platform side of issue #4."""
