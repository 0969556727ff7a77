// Shim for tesseract's C API (OCR) and Leptonica (image loading and preprocessing), imported by
// the Imaging target only.
#ifndef RINGSCOPE_CTESSERACT_SHIM_H
#define RINGSCOPE_CTESSERACT_SHIM_H

#include <stdint.h>
#include <string.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

/// The 8-bit pixel at (x, y) of an 8 bpp Pix (GET_DATA_BYTE is a macro Swift cannot call).
static inline uint8_t rs_pix_gray(PIX *pix, int x, int y) {
    l_uint32 *line = pixGetData(pix) + y * pixGetWpl(pix);
    return (uint8_t)GET_DATA_BYTE(line, x);
}

/// Copies a 32 bpp Pix into `out` (width * height * 4 bytes) as cairo's ARGB32: opaque,
/// one native-endian 32-bit word per pixel.
static inline void rs_pix_to_argb32(PIX *pix, uint32_t *out) {
    int w = pixGetWidth(pix), h = pixGetHeight(pix), wpl = pixGetWpl(pix);
    l_uint32 *data = pixGetData(pix);
    for (int y = 0; y < h; y++) {
        l_uint32 *line = data + y * wpl;
        for (int x = 0; x < w; x++) {
            l_int32 r, g, b;
            extractRGBValues(line[x], &r, &g, &b);
            out[y * w + x] = 0xFF000000u | ((uint32_t)r << 16) | ((uint32_t)g << 8) | (uint32_t)b;
        }
    }
}

/// Frees a string tesseract returned (TessDeleteText takes a non-const pointer).
static inline void rs_tess_free(char *text) { if (text) TessDeleteText(text); }

/// The page-iterator levels as ints (the enum's constants import awkwardly).
static inline TessPageIteratorLevel rs_level_word(void) { return RIL_WORD; }
static inline TessPageIteratorLevel rs_level_line(void) { return RIL_TEXTLINE; }
static inline TessPageIteratorLevel rs_level_block(void) { return RIL_BLOCK; }

#endif
