"""Experiment and fixture kits: the race driver, load generator, callers, fault service, measurement kit.
They run on the implementation's side (in the kernel for live experiments, in the sandbox for grading).
"""
