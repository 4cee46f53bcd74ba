/* testutil.h - includes every cmocka test needs, in the order it needs. */
#ifndef SIGNOFF_TESTUTIL_H
#define SIGNOFF_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#endif
