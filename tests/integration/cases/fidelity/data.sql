-- Row 1: maxima; row 2: minima and negatives; row 3: zeros, empty values and
-- trailing spaces; row 4: every column NULL; rows 5-6: text and bytes that
-- break naive escaping (and FLOATs whose six-digit text would round them); row 7:
-- large objects (several MB).
SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
SET SESSION time_zone = '+03:00';
INSERT INTO fidelity (id, t_tiny, t_tiny_u, t_small, t_medium, t_int, t_int_u, t_big, t_big_u, t_dec, t_dec0, t_float, t_double, t_bit1, t_bit64,
  t_char, t_varchar, t_latin1, t_binary, t_varbinary, t_tinytext, t_text, t_mediumtext, t_longtext, t_blob, t_longblob, t_json, t_enum, t_set,
  t_date, t_datetime, t_timestamp, t_time, t_year, t_geometry, t_point) VALUES
(1, 127, 255, 32767, 8388607, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615,
 '99999999999999999999999999999999999.999999999999999999999999999999', 9999999999, 3.40282e38, 1.7976931348623157e308, b'1',
 b'1111111111111111111111111111111111111111111111111111111111111111',
 'abcdefghij', REPEAT('é', 300), 'café', x'0102030405060708', REPEAT(x'ff', 300), REPEAT('t', 255), 'text', 'medium', 'long', x'00ff', x'ffff',
 '{"a": [1, 2.5, "x"], "b": {"c": null, "d": true}}', 'x''quoted', 'a,b,c,d',
 '9999-12-31', '9999-12-31 23:59:59.999999', '2038-01-19 06:14:07.999999', '838:59:59.000000', 2155,
 ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0))'), ST_GeomFromText('POINT(1.5 -2.25)', 4326)),
(2, -128, 0, -32768, -8388608, -2147483648, 0, -9223372036854775808, 0,
 '-99999999999999999999999999999999999.999999999999999999999999999999', -9999999999, 1.17549e-38, -2.2250738585072014e-308, b'0', b'0',
 'a', 'b', 'c', x'00', x'00', '', '', '', '', x'', x'', '[]', 'small', '',
 '1000-01-01', '1000-01-01 00:00:00.000000', '1970-01-01 03:00:01.000000', '-838:59:59.000000', 1901,
 ST_GeomFromText('LINESTRING(-1 -1, 1e10 2e-5)'), ST_GeomFromText('POINT(0 0)')),
(3, 0, 0, 0, 0, 0, 0, 0, 0, '0.000000000000000000000000000000', 0, 0, 0, b'0', b'0',
 '', '', '', x'0000000000000000', x'', '', '', '', '', x'', x'', '{}', 'medium', 'b',
 '0000-00-00', '0000-00-00 00:00:00.000000', '2000-02-29 12:00:00.123456', '-00:00:00.000001', 0,
 NULL, NULL),
(4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
(5, 1, 1, 1, 1, 1, 1, 1, 1, '0.1', 1, 1.0000001, 0.1, b'1', b'101',
 'trail  ', 'trailing spaces   ', 'tab\there', x'5c00090a0d1a2722', x'5c4e', 'a\\b', 'line1\nline2\r\nline3\ttab\\back', 'NUL:\0:end', '\\N', x'5c4e', x'0a0d09005c',
 '{"emoji": "😀🚀", "quote": "\\"q\\"", "back": "\\\\"}', 'large', 'a,d',
 '2024-02-29', '2024-02-29 23:59:59.000001', '2024-02-29 23:59:59.000001', '00:00:00.5', 2024,
 ST_GeomFromText('MULTIPOINT(1 1, 2 2)'), ST_GeomFromText('POINT(3 4)')),
(6, -1, 1, -1, -1, -1, 1, -1, 1, '-0.000000000000000000000000000001', -1, 123456789, 4.9406564584124654e-324, b'1', b'1000000000000000000000000000000000000000000000000000000000000000',
 '😀', '𝌆 four-byte 😀 and 中文 and ⅞', 'ÿ', x'ffffffffffffffff', x'c328', '😀', '😀', '😀', '😀', x'c328', x'f0288cbc', '"just a string"', 'small', 'c',
 '2000-01-01', '2000-01-01 00:00:00', '2000-01-01 00:00:00', '12:34:56.789', 1970,
 ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 1 1))'), ST_GeomFromText('POINT(-180 90)', 4326)),
(7, 7, 7, 7, 7, 7, 7, 7, 7, '7', 7, 7, 7, b'1', b'111', 'big', 'big', 'big', x'07', x'07', 'big',
 REPEAT('0123456789', 6000), REPEAT('mediumtext ', 200000), REPEAT('😀', 1000000), REPEAT(x'00ff7f80', 16000), REPEAT(x'0a5c09', 1500000),
 JSON_OBJECT('big', REPEAT('j', 10000)), 'large', 'a,b', '2001-01-01', '2001-01-01 01:01:01', '2001-01-01 01:01:01', '01:01:01', 2001, NULL, NULL);
