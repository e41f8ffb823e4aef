import os

# One BLAS thread per process, set before numpy loads OpenBLAS: the encoder's matrices are small, and on a
# server whose cores are shared by several workers, OpenBLAS threads waiting for each other made one query
# vector cost 130 ms of CPU instead of 3 ms, and batches 3-5 times longer (docs/semantic-search.md).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
