"""Where bytes live: local paths or object storage, and the per-source extraction cache.

    storage.py    read, list, write and upload by path or s3:// URL (fsspec)
    cache.py      SourceCache: one file's result kept by its name, its bytes and the pipeline
"""
