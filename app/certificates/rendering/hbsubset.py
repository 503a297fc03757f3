"""Font subsetting with HarfBuzz (libharfbuzz-subset, which WeasyPrint already loads).

fontTools takes about three minutes to cut the Hangul block out of Noto Serif CJK; HarfBuzz
does the same in half a second, which is what lets the renderer derive its compact faces on
first use instead of asking every installation to run ``flask certificates prepare-fonts``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import cffi

_ffi = cffi.FFI()
_ffi.cdef("""
    typedef ... hb_face_t; typedef ... hb_blob_t; typedef ... hb_set_t;
    typedef ... hb_subset_input_t;
    typedef uint32_t hb_codepoint_t;
    hb_blob_t * hb_blob_create_from_file_or_fail (const char *file_name);
    void hb_blob_destroy (hb_blob_t *blob);
    const char * hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
    hb_face_t * hb_face_create (hb_blob_t *blob, unsigned int index);
    void hb_face_destroy (hb_face_t *face);
    hb_blob_t * hb_face_reference_blob (hb_face_t *face);
    void hb_set_add (hb_set_t *set, hb_codepoint_t codepoint);
    void hb_set_clear (hb_set_t *set);
    void hb_set_invert (hb_set_t *set);
    hb_subset_input_t * hb_subset_input_create_or_fail (void);
    void hb_subset_input_destroy (hb_subset_input_t *input);
    hb_set_t * hb_subset_input_set (hb_subset_input_t *input, int set_type);
    void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned value);
    hb_face_t * hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
""")

# hb_subset_sets_t and hb_subset_flags_t (hb-subset.h)
_UNICODE, _DROP_TABLE, _NAME_ID, _NAME_LANG, _FEATURE, _SCRIPT = 1, 3, 4, 5, 6, 7
_PASSTHROUGH, _NOTDEF_OUTLINE, _NO_PRUNE_UNICODE_RANGES = 0x20, 0x40, 0x100


@cache
def _libraries():
    """(libharfbuzz, libharfbuzz-subset), or None where they are not installed."""
    try:
        return _ffi.dlopen("libharfbuzz.so.0"), _ffi.dlopen("libharfbuzz-subset.so.0")
    except OSError:
        return None


def available() -> bool:
    return _libraries() is not None


def _tag(name: str) -> int:
    return int.from_bytes(name.ljust(4).encode("ascii"), "big")


def subset(source: str, index: int, codepoints: Iterable[int], *,
           features: Iterable[str] | None = None, drop_tables: Iterable[str] = ()) -> bytes:
    """Face `index` of the font file `source` cut down to `codepoints` (and the glyphs
    its layout features reach from them): every name kept; `features` None keeps every
    layout feature, else only those named."""
    libraries = _libraries()
    if libraries is None:
        raise OSError("libharfbuzz-subset is not installed")
    hb, hb_subset = libraries
    blob = hb.hb_blob_create_from_file_or_fail(source.encode())
    if blob == _ffi.NULL:
        raise OSError(f"cannot read {source}")
    face = hb.hb_face_create(blob, index)
    request = hb_subset.hb_subset_input_create_or_fail()
    try:
        unicodes = hb_subset.hb_subset_input_set(request, _UNICODE)
        for codepoint in sorted(set(codepoints)):
            hb.hb_set_add(unicodes, codepoint)
        for kind in (_NAME_ID, _NAME_LANG, _SCRIPT, _FEATURE):  # keep all
            kept = hb_subset.hb_subset_input_set(request, kind)
            hb.hb_set_clear(kept)
            hb.hb_set_invert(kept)
        if features is not None:
            kept = hb_subset.hb_subset_input_set(request, _FEATURE)
            hb.hb_set_clear(kept)
            for feature in features:
                hb.hb_set_add(kept, _tag(feature))
        dropped = hb_subset.hb_subset_input_set(request, _DROP_TABLE)
        for table in drop_tables:
            hb.hb_set_add(dropped, _tag(table))
        hb_subset.hb_subset_input_set_flags(
            request, _PASSTHROUGH | _NOTDEF_OUTLINE | _NO_PRUNE_UNICODE_RANGES)
        result = hb_subset.hb_subset_or_fail(face, request)
        if result == _ffi.NULL:
            raise OSError(f"HarfBuzz could not subset {source}")
        try:
            out = hb.hb_face_reference_blob(result)
            length = _ffi.new("unsigned int *")
            data = _ffi.buffer(hb.hb_blob_get_data(out, length), length[0])[:]
            hb.hb_blob_destroy(out)
        finally:
            hb.hb_face_destroy(result)
    finally:
        hb_subset.hb_subset_input_destroy(request)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)
    if not data:
        raise OSError(f"HarfBuzz could not subset {source}")
    return data
