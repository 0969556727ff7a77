// Shim for pango + cairo (text layout, PDF and PNG output), imported by the Rendering target
// only, and there by PDFDocumentWriter.swift, MapScene+Cairo.swift and RasterRenderer.swift alone.
#ifndef RINGSCOPE_CPANGOCAIRO_SHIM_H
#define RINGSCOPE_CPANGOCAIRO_SHIM_H

#include <pango/pangocairo.h>
#include <cairo.h>
#include <cairo-pdf.h>

/// PANGO_SCALE is a macro; Swift sees it, but an int is clearer at the call site.
static inline int rs_pango_scale(void) { return PANGO_SCALE; }

#endif
