// Shim for XGBoost's C API (Debian's libxgboost-dev 1.7), imported by the Scoring target only.
#ifndef RINGSCOPE_CXGBOOST_SHIM_H
#define RINGSCOPE_CXGBOOST_SHIM_H

#include <xgboost/c_api.h>

#endif
