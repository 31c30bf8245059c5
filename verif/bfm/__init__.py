"""Signal-level bus functional models: cocotb coroutines on the DUT's ports, no UVM.

One module per interface, each with small typed classes:

- `clock`    clock, synchronous reset, simulated-cycle arithmetic (no per-cycle Python)
- `patterns` idle and backpressure patterns drawn from a NumPy Generator
- `axil`     AXI4-Lite master (write/read return the response, SLVERR is data, not an error)
             and a passive AXI4-Lite monitor
- `axis`     AXI4-Stream source (a whole frame per call, idle insertion), sink
             (backpressure) and passive monitor
- `irq`      passive interrupt monitor (edges with their cycle)

Timing convention for every BFM here: drive right after a rising clock edge, sample
ready/valid right after the next one (what the flops saw at that edge; checked to be the
same on Icarus and Verilator). Passive monitors sample in ReadOnly of the cycle before
the edge. Idle interfaces are waited for by value change, not polled per cycle.
"""
