/// Leaders' pages (领导驾驶舱): self-contained HTML with inline CSS and SVG.
public enum DashboardModule {}
