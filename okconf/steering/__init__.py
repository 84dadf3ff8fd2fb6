"""The steering group (styrgruppen) per year, and the parties' numbered measures."""
