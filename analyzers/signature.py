"""What the index's tokens depend on, so a changed analysis asks for a rebuild."""

import hashlib
import importlib.metadata

from analyzers.segmenter import USER_DICT, main_dict_path

# Bump whenever normalisation or tokenisation changes what tokens a text gives.
ANALYSIS_VERSION = 1


def analysis_signature():
    """{'jieba': version, 'dictionary': sha1 of main + user dictionary, 'analysis': version}.

    Also the versions of rjieba (computes the segmentation) and OpenCC (its
    data gives traditional -> simplified), which change tokens too.
    """
    sha = hashlib.sha1()
    for path in (main_dict_path(), USER_DICT):
        with open(path, "rb") as f:
            sha.update(f.read())
        sha.update(b"\0")
    return {
        "jieba": importlib.metadata.version("jieba"),
        "dictionary": sha.hexdigest(),
        "analysis": ANALYSIS_VERSION,
        "rjieba": importlib.metadata.version("rjieba"),
        "opencc": importlib.metadata.version("opencc"),
    }
