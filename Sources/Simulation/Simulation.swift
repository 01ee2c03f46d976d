/// Plan rehearsal (预案仿真): scenario files and a discrete-event simulator over the real engines.
public enum SimulationModule {}
