/*
 * der.c - DER TLV header, X.509 time, OID compare (contracts in der.h).
 */
#include "der.h"

int
der_tlv(const uint8_t *p, size_t n, uint8_t *tag, size_t *vlen)
{
	size_t len, hdr;
	uint8_t b;

	if (n < 2)
		return DER_E_SHORT;
	if ((p[0] & 0x1f) == 0x1f)
		return DER_E_HIGHTAG;
	b = p[1];
	if (b < 0x80) {
		len = b;
		hdr = 2;
	} else if (b == 0x80) {
		return DER_E_INDEF;
	} else if (b == 0x81) {
		if (n < 3)
			return DER_E_SHORT;
		if (p[2] < 0x80)
			return DER_E_NONMIN;
		len = p[2];
		hdr = 3;
	} else if (b == 0x82) {
		if (n < 4)
			return DER_E_SHORT;
		if (p[2] == 0)
			return DER_E_NONMIN;
		len = (size_t)p[2] * 256u + p[3];
		hdr = 4;
	} else if (b == 0x83) {
		if (n < 5)
			return DER_E_SHORT;
		if (p[2] == 0)
			return DER_E_NONMIN;
		len = ((size_t)p[2] * 256u + p[3]) * 256u + p[4];
		hdr = 5;
	} else {
		return DER_E_LONG;
	}
	if (len > n - hdr)
		return DER_E_SHORT;
	*tag = p[0];
	*vlen = len;
	return (int)hdr;
}

/* Two decimal digits. */
/*@ requires \valid_read(s + (0 .. 1));
    requires '0' <= s[0] <= '9' && '0' <= s[1] <= '9';
    assigns \nothing;
    ensures 0 <= \result <= 99;
*/
static int
two(const uint8_t *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/*@ requires 1 <= m <= 12 && 0 <= y <= 9999;
    assigns \nothing;
    ensures 28 <= \result <= 31;
*/
static int
month_days(int y, int m)
{
	static const int8_t dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m == 2 && leap)
		return 29;
	/*@ assert 0 <= m - 1 < 12; */
	return dm[m - 1] < 28 ? 28 : (dm[m - 1] > 31 ? 31 : dm[m - 1]);
}

/* Days from 1970-01-01 of a proleptic Gregorian date. */
/*@ requires 1 <= year <= 9999 && 1 <= mon <= 12 && 1 <= day <= 31;
    assigns \nothing;
    ensures -719468 <= \result <= 2932961;
*/
static int32_t
days_from_civil(int year, int mon, int day)
{
	int y, era, yoe, mp, doy, doe;

	y = year - (mon <= 2 ? 1 : 0);
	era = y / 400;
	/*@ assert 0 <= era <= 24; */
	yoe = y - era * 400;
	/*@ assert 0 <= yoe <= 399; */
	mp = (mon + 9) % 12;
	doy = (153 * mp + 2) / 5 + day - 1;
	/*@ assert 0 <= doy <= 367; */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	/*@ assert 0 <= doe <= 146101; */
	return era * 146097 + doe - 719468;
}

int
der_time(uint8_t tag, const uint8_t *p, size_t n, int64_t *t)
{
	int year, mon, day, hh, mm, ss, o, sod;
	int32_t d;
	size_t i, nd;

	if (tag == DER_UTCTIME && n == 13)
		nd = 12;
	else if (tag == DER_GENTIME && n == 15)
		nd = 14;
	else
		return -1;
	if (p[nd] != 'Z')
		return -1;
	/*@ loop invariant 0 <= i <= nd;
	    loop invariant \forall integer k; 0 <= k < i ==> '0' <= p[k] <= '9';
	    loop assigns i;
	    loop variant nd - i;
	*/
	for (i = 0; i < nd; i++)
		if (p[i] < '0' || p[i] > '9')
			return -1;
	/* o: where the month starts (after YY or YYYY) */
	o = nd == 12 ? 2 : 4;
	if (nd == 12) {
		year = two(p);
		year += year >= 50 ? 1900 : 2000;
	} else
		year = two(p) * 100 + two(p + 2);
	mon = two(p + o);
	day = two(p + o + 2);
	hh = two(p + o + 4);
	mm = two(p + o + 6);
	ss = two(p + o + 8);
	if (year == 0 || mon < 1 || mon > 12 || day < 1 ||
	    day > month_days(year, mon) || hh > 23 || mm > 59 || ss > 59)
		return -1;
	d = days_from_civil(year, mon, day);
	sod = hh * 3600 + mm * 60 + ss;
	/*@ assert 0 <= sod <= 86399; */
	*t = (int64_t)d * 86400 + sod;
	return 0;
}

int
der_oid_eq(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
	size_t i;

	if (an != bn)
		return 0;
	/*@ loop invariant 0 <= i <= an;
	    loop invariant \forall integer k; 0 <= k < i ==> a[k] == b[k];
	    loop assigns i;
	    loop variant an - i;
	*/
	for (i = 0; i < an; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}
