package dev.mlcycle.ingest.service;

import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.contracts.spec.FeatureType;
import dev.mlcycle.contracts.spec.LabelSpec;
import dev.mlcycle.contracts.spec.ValidationRules;
import dev.mlcycle.lake.RowBatch;
import dev.mlcycle.lake.RowBatch.ColumnType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the common case of a dataset record straight from its bytes into a {@link RowBatch} row, or declines. The
 * codecs of {@code contracts} ({@code FeatureEventCodec}, {@code LabelEventCodec}) remain the judges of every record:
 * this decoder accepts only records that they would accept with the very same values, and declines everything else
 * (the caller then asks the codec, which accepts or rejects with its reason). So it never rejects, and what it cannot
 * prove valid costs one extra look.
 *
 * <p>Accepted here: one flat JSON object of plain ASCII text (no byte above 0x7F, no escape in any string), within
 * the spec's size limit, each field once and known to the spec, values of the right JSON type and in range: strings
 * without escapes; numbers of at most 18 significant digits (and an exponent of at most 3 digits); {@code true},
 * {@code false}, {@code null}; times as {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} or epoch milliseconds, within the
 * spec's earliest and latest; categories among the spec's values (or any, where unseen ones are allowed); ids and keys
 * non-blank and at most 256 characters; the Kafka key, if any, equal to the key field. Declined, for the codec to
 * judge: anything else (escapes, non-ASCII text, long numbers, unknown or repeated fields, nesting, a value the spec
 * rejects, ...). Numbers are converted exactly as the JSON parser does: integers exactly, decimals correctly rounded
 * (by one exact multiplication or division when the digits fit in 53 bits and the power of ten in 22, else by {@link
 * Double#parseDouble}), so accepted values are bit for bit the codec's.
 *
 * <p>Thread-confined: it keeps per-record scratch state.
 */
final class FastRowDecoder {
    /** Longest id or key the codecs accept (their {@code FieldChecks.MAX_ID_LENGTH}). */
    static final int MAX_ID_LENGTH = 256;

    private static final long MAX_EXACT = 1L << 53;
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };
    private static final long MICROS_PER_SECOND = 1_000_000L;
    /** Eight bytes of an array at any offset, as one little-endian long. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** What a field is, and so how its value is checked and stored. */
    enum Kind {
        ID,
        KEY,
        TIME,
        NUMERIC,
        INTEGER,
        CATEGORICAL,
        BOOLEAN
    }

    /** One field of the record, as the codec checks it. */
    private static final class Field {
        final String name;
        final byte[] nameBytes;
        /**
         * The name as it follows its opening quote in a record without spaces: the name, the closing quote, the
         * colon. Compared eight bytes at a time: {@code words} at offsets 0, 8, ..., then {@code last} at its length
         * minus 8 (patterns of 8 bytes or more); or {@code last} under {@code lastMask} at offset 0 (shorter ones).
         */
        final byte[] pattern;

        final long[] words;
        final long last;
        final long lastMask;
        final Kind kind;
        /** Whether an absent or null value makes the codec reject the record. */
        final boolean required;

        final Double min;
        final Double max;
        /** The accepted categories as bytes, or null for any string. */
        final byte[][] values;

        final ColumnType columnType;
        int column = -1;

        Field(String name, Kind kind, boolean required, Double min, Double max, List<String> values, boolean anyValue) {
            this.name = name;
            this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
            this.pattern = Arrays.copyOf(nameBytes, nameBytes.length + 2);
            pattern[nameBytes.length] = '"';
            pattern[nameBytes.length + 1] = ':';
            int p = pattern.length;
            byte[] padded = Arrays.copyOf(pattern, Math.max(8, p));
            this.words = new long[p / 8];
            for (int w = 0; w < words.length; w++) {
                words[w] = (long) LONGS.get(padded, w * 8);
            }
            this.lastMask = p >= 8 ? -1L : (1L << (8 * p)) - 1;
            this.last = (long) LONGS.get(padded, Math.max(0, p - 8)) & lastMask;
            this.kind = kind;
            this.required = required;
            this.min = min;
            this.max = max;
            if (kind == Kind.CATEGORICAL && !anyValue) {
                this.values = values.stream()
                        .map(v -> v.getBytes(StandardCharsets.UTF_8))
                        .toArray(byte[][]::new);
            } else {
                this.values = null;
            }
            this.columnType = switch (kind) {
                case ID, KEY, CATEGORICAL -> ColumnType.STRING;
                case TIME -> ColumnType.TIMESTAMP;
                case NUMERIC -> ColumnType.DOUBLE;
                case INTEGER -> ColumnType.LONG;
                case BOOLEAN -> ColumnType.BOOLEAN;
            };
        }
    }

    /** How many times in a row {@link #inWindow} may use one clock reading. */
    private static final int CLOCK_EVERY = 1024;

    private final Field[] fields;
    /** Open-addressing table of field names: 1 + field index, 0 for empty. */
    private final int[] nameTable;

    private final int nameMask;
    private final int keyField;
    private final int idField;
    private final int maxRecordBytes;
    private final boolean enabled;
    private final Instant earliest;
    private final java.time.Duration maxFuture;
    private final Clock clock;
    private final String table;
    /** The schema the column positions were taken from. */
    private Object boundSchema;

    /**
     * The field order of the last record read: records of one producer name their fields in the same order, so the
     * name at position {@code p} is first compared with {@code lastOrder[p]}'s, byte for byte, before it is hashed.
     */
    private final int[] lastOrder;
    /** The latest accepted time, now plus the allowed future, read from the clock every {@value #CLOCK_EVERY} times. */
    private long latestSeconds = Long.MIN_VALUE;

    private int latestNanos;
    private int clockReads;

    // scratch, per record
    private long seen;
    private int idFrom;
    private int idLength;
    private final int[] starts;
    private final int[] lengths;

    private FastRowDecoder(
            String table, List<Field> fieldList, int idField, int keyField, ValidationRules rules, Clock clock) {
        this.table = table;
        this.fields = fieldList.toArray(Field[]::new);
        this.idField = idField;
        this.keyField = keyField;
        this.maxRecordBytes = rules.maxRecordBytes();
        this.earliest = rules.earliest();
        this.maxFuture = rules.maxFuture();
        this.clock = clock;
        int size = Integer.highestOneBit(Math.max(8, fields.length * 4)) << 1;
        this.nameTable = new int[size];
        this.nameMask = size - 1;
        boolean ok = fields.length <= 64 && rules.maxDepth() >= 1;
        for (int i = 0; i < fields.length; i++) {
            Field f = fields[i];
            for (byte b : f.nameBytes) {
                if (b < 0x20 || b == '"' || b == '\\') {
                    ok = false; // a name that needs escaping or is not ASCII: let the codec read such records
                }
            }
            int slot = hash(f.nameBytes, 0, f.nameBytes.length) & nameMask;
            while (nameTable[slot] != 0) {
                if (Arrays.equals(fields[nameTable[slot] - 1].nameBytes, f.nameBytes)) {
                    ok = false; // two roles share a name: the codec decides which wins
                }
                slot = (slot + 1) & nameMask;
            }
            nameTable[slot] = i + 1;
        }
        this.enabled = ok;
        this.starts = new int[fields.length];
        this.lengths = new int[fields.length];
        this.lastOrder = new int[fields.length];
        Arrays.fill(lastOrder, -1);
    }

    /** A decoder of {@code mlcycle.events.<dataset>} values, as {@code FeatureEventCodec} reads them. */
    static FastRowDecoder forEvents(DatasetSpec spec, String table, Clock clock) {
        List<Field> f = new ArrayList<>();
        for (FeatureSpec fs : spec.features()) {
            Kind kind =
                    switch (fs.type()) {
                        case NUMERIC -> Kind.NUMERIC;
                        case INTEGER -> Kind.INTEGER;
                        case CATEGORICAL -> Kind.CATEGORICAL;
                        case BOOLEAN -> Kind.BOOLEAN;
                    };
            f.add(new Field(fs.name(), kind, !fs.nullable(), fs.min(), fs.max(), fs.values(), fs.unseenAllowed()));
        }
        int id = f.size();
        f.add(new Field(spec.id(), Kind.ID, true, null, null, List.of(), true));
        f.add(new Field(spec.key(), Kind.KEY, true, null, null, List.of(), true));
        f.add(new Field(spec.timestamp(), Kind.TIME, true, null, null, List.of(), true));
        f.add(label(spec.label(), spec.label().arrives() == LabelSpec.Arrival.INLINE));
        return new FastRowDecoder(table, f, id, id + 1, spec.validation(), clock);
    }

    /** A decoder of {@code mlcycle.labels.<dataset>} values, as {@code LabelEventCodec} reads them. */
    static FastRowDecoder forLabels(DatasetSpec spec, String table, Clock clock) {
        List<Field> f = new ArrayList<>();
        f.add(new Field(spec.id(), Kind.ID, true, null, null, List.of(), true));
        f.add(label(spec.label(), true));
        f.add(new Field(LabelEvent.LABEL_TIME, Kind.TIME, true, null, null, List.of(), true));
        return new FastRowDecoder(table, f, 0, 0, spec.validation(), clock);
    }

    private static Field label(LabelSpec l, boolean required) {
        return l.type() == FeatureType.CATEGORICAL
                ? new Field(l.name(), Kind.CATEGORICAL, required, null, null, l.values(), false)
                : new Field(l.name(), Kind.NUMERIC, required, l.min(), l.max(), List.of(), true);
    }

    /** Where the id of the last record {@link #decode} accepted starts in its value bytes. */
    int idFrom() {
        return idFrom;
    }

    /** How many bytes long the id of the last accepted record is. */
    int idLength() {
        return idLength;
    }

    /**
     * Reads one record into a new row of {@code rows}: on success the row is begun and filled but not ended (the
     * caller ends it, or cancels it, after its batch-level checks); otherwise nothing is left in {@code rows}.
     *
     * @param kafkaKey the record's key, or null
     * @param value the record's value, not null
     * @return true if the record is valid and its row filled; false if the codec has to judge it
     */
    boolean decode(byte[] kafkaKey, byte[] value, RowBatch rows) {
        if (!enabled || value.length == 0 || value.length > maxRecordBytes || !bind(rows)) {
            return false;
        }
        rows.beginRow();
        if (!read(value, rows) || !complete() || !keyMatches(kafkaKey, value)) {
            rows.cancelRow();
            return false;
        }
        idFrom = starts[idField];
        idLength = lengths[idField];
        return true;
    }

    /** Takes the column positions from the batch's schema; false if a field has no column of its type. */
    private boolean bind(RowBatch rows) {
        if (boundSchema == rows.schema()) {
            return true;
        }
        for (Field f : fields) {
            int c = rows.findColumn(f.name);
            if (c < 0 || rows.columnType(c) != f.columnType) {
                return false;
            }
            f.column = c;
        }
        boundSchema = rows.schema();
        return true;
    }

    private boolean complete() {
        for (int i = 0; i < fields.length; i++) {
            if ((seen & (1L << i)) == 0 && fields[i].required) {
                return false;
            }
        }
        return true;
    }

    private boolean keyMatches(byte[] kafkaKey, byte[] value) {
        if (kafkaKey == null) {
            return true;
        }
        int from = starts[keyField];
        int len = lengths[keyField];
        return kafkaKey.length == len && Arrays.equals(kafkaKey, 0, len, value, from, from + len);
    }

    /** Parses the object and sets the row's values; false on anything it does not accept. */
    private boolean read(byte[] v, RowBatch rows) {
        seen = 0;
        int n = v.length;
        int i = skipWs(v, 0);
        if (i >= n || v[i] != '{') {
            return false;
        }
        i = skipWs(v, i + 1);
        if (i < n && v[i] == '}') {
            return skipWs(v, i + 1) == n;
        }
        int position = 0;
        while (true) {
            // name
            if (i >= n || v[i] != '"') {
                return false;
            }
            int nameFrom = ++i;
            int f = position < lastOrder.length ? lastOrder[position] : -1;
            if (f >= 0 && startsWith(v, nameFrom, fields[f])) {
                i = nameFrom + fields[f].pattern.length; // after the colon
            } else {
                int h = 1;
                while (i < n && v[i] != '"') {
                    byte b = v[i];
                    if (b < 0x20 || b == '\\') {
                        return false; // control character, escape or non-ASCII (negative)
                    }
                    h = 31 * h + b;
                    i++;
                }
                if (i >= n) {
                    return false;
                }
                f = field(v, nameFrom, i - nameFrom, h);
                if (f < 0) {
                    return false; // unknown
                }
                if (position < lastOrder.length) {
                    lastOrder[position] = f;
                }
                i = skipWs(v, i + 1);
                if (i >= n || v[i] != ':') {
                    return false;
                }
                i++;
            }
            if ((seen & (1L << f)) != 0) {
                return false; // repeated
            }
            seen |= 1L << f;
            position++;
            i = skipWs(v, i);
            if (i >= n) {
                return false;
            }
            i = value(v, i, fields[f], f, rows);
            if (i < 0) {
                return false;
            }
            i = skipWs(v, i);
            if (i >= n) {
                return false;
            }
            if (v[i] == ',') {
                i = skipWs(v, i + 1);
                continue;
            }
            if (v[i] == '}') {
                return skipWs(v, i + 1) == n;
            }
            return false;
        }
    }

    /** Whether {@code v} holds the field's {@link Field#pattern} (name, quote, colon) at {@code from}. */
    private static boolean startsWith(byte[] v, int from, Field f) {
        int p = f.pattern.length;
        if (p >= 8) {
            if (from + p > v.length) {
                return false;
            }
            long[] words = f.words;
            for (int w = 0; w < words.length; w++) {
                if ((long) LONGS.get(v, from + 8 * w) != words[w]) {
                    return false;
                }
            }
            return (long) LONGS.get(v, from + p - 8) == f.last;
        }
        if (from + 8 <= v.length) {
            return ((long) LONGS.get(v, from) & f.lastMask) == f.last;
        }
        return from + p <= v.length && Arrays.equals(v, from, from + p, f.pattern, 0, p);
    }

    /**
     * Where the string whose first byte is at {@code from} ends: the index of its closing quote, or -1 if a byte
     * before it is an escape, a control character or not ASCII (or there is no closing quote). Eight bytes at a
     * time: a word's bytes that are a quote, a backslash, below 0x20 or above 0x7f are flagged in their high bits, the
     * lowest flag exactly (no borrow crosses an unflagged byte), so its byte is the first such in the string.
     */
    static int stringEnd(byte[] v, int from) {
        int j = from;
        int n = v.length;
        while (j + 8 <= n) {
            long x = (long) LONGS.get(v, j);
            long quote = x ^ (ONES * '"');
            long backslash = x ^ (ONES * '\\');
            long flags = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((x - ONES * 0x20) & ~x) | x;
            flags &= HIGH_BITS;
            if (flags != 0) {
                int k = j + (Long.numberOfTrailingZeros(flags) >>> 3);
                return v[k] == '"' ? k : -1;
            }
            j += 8;
        }
        for (; j < n; j++) {
            byte b = v[j];
            if (b == '"') {
                return j;
            }
            if (b < 0x20 || b == '\\') {
                return -1; // control character, escape or non-ASCII (negative)
            }
        }
        return -1;
    }

    private int field(byte[] v, int from, int len, int h) {
        int slot = (h ^ (h >>> 16)) & nameMask;
        while (true) {
            int t = nameTable[slot];
            if (t == 0) {
                return -1;
            }
            byte[] name = fields[t - 1].nameBytes;
            if (name.length == len && Arrays.equals(name, 0, len, v, from, from + len)) {
                return t - 1;
            }
            slot = (slot + 1) & nameMask;
        }
    }

    private static int hash(byte[] b, int from, int len) {
        int h = 1;
        for (int i = from; i < from + len; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 16);
    }

    /** Reads and stores one value starting at {@code i}; returns the index after it, or -1 to decline. */
    private int value(byte[] v, int i, Field f, int index, RowBatch rows) {
        byte c = v[i];
        if (c == '"') {
            int from = i + 1;
            int j = stringEnd(v, from);
            if (j < 0) {
                return -1;
            }
            return string(v, from, j - from, f, index, rows) ? j + 1 : -1;
        }
        if (c == 'n') {
            if (!literal(v, i, "null") || f.required) {
                return -1;
            }
            // a nullable feature or a delayed label: the row's value stays null
            return i + 4;
        }
        if (c == 't' || c == 'f') {
            boolean b = c == 't';
            if (!literal(v, i, b ? "true" : "false") || f.kind != Kind.BOOLEAN) {
                return -1;
            }
            rows.setBoolean(f.column, b);
            return i + (b ? 4 : 5);
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number(v, i, f, rows);
        }
        return -1;
    }

    private static boolean literal(byte[] v, int i, String word) {
        if (i + word.length() > v.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (v[i + k] != word.charAt(k)) {
                return false;
            }
        }
        int after = i + word.length();
        return after == v.length || delimiter(v[after]);
    }

    private static boolean delimiter(byte b) {
        return b == ',' || b == '}' || b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private boolean string(byte[] v, int from, int len, Field f, int index, RowBatch rows) {
        switch (f.kind) {
            case ID, KEY -> {
                if (len == 0 || len > MAX_ID_LENGTH || blank(v, from, len)) {
                    return false;
                }
                starts[index] = from;
                lengths[index] = len;
                rows.setString(f.column, v, from, len);
                return true;
            }
            case CATEGORICAL -> {
                if (f.values != null && !among(f.values, v, from, len)) {
                    return false;
                }
                rows.setString(f.column, v, from, len);
                return true;
            }
            case TIME -> {
                long micros = isoInstantMicros(v, from, len);
                if (micros == Long.MIN_VALUE) {
                    return false;
                }
                rows.setTimestampMicros(f.column, micros);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Blank as {@link String#isBlank()} sees plain ASCII without control characters: only spaces. */
    private static boolean blank(byte[] v, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (v[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    private static boolean among(byte[][] values, byte[] v, int from, int len) {
        for (byte[] value : values) {
            if (value.length == len && Arrays.equals(value, 0, len, v, from, from + len)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a JSON number at {@code i}: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]{1,3})?}, at most 18
     * significant digits; checks and stores it as the field wants. Returns the index after it, or -1.
     */
    private int number(byte[] v, int i, Field f, RowBatch rows) {
        int n = v.length;
        int start = i;
        boolean negative = v[i] == '-';
        if (negative) {
            i++;
        }
        if (i >= n || v[i] < '0' || v[i] > '9') {
            return -1;
        }
        long mantissa = 0;
        int digits = 0;
        if (v[i] == '0') {
            i++;
            if (i < n && v[i] >= '0' && v[i] <= '9') {
                return -1; // leading zero: not JSON
            }
        } else {
            while (i < n && v[i] >= '0' && v[i] <= '9') {
                mantissa = mantissa * 10 + (v[i] - '0');
                digits++;
                i++;
            }
        }
        int scale = 0;
        boolean fraction = false;
        if (i < n && v[i] == '.') {
            fraction = true;
            i++;
            if (i >= n || v[i] < '0' || v[i] > '9') {
                return -1;
            }
            while (i < n && v[i] >= '0' && v[i] <= '9') {
                mantissa = mantissa * 10 + (v[i] - '0');
                if (mantissa != 0) {
                    digits++; // zeros before the first significant digit do not grow the mantissa
                }
                scale++;
                i++;
            }
        }
        int exponent = 0;
        boolean hasExponent = false;
        if (i < n && (v[i] == 'e' || v[i] == 'E')) {
            hasExponent = true;
            i++;
            boolean negativeExponent = false;
            if (i < n && (v[i] == '+' || v[i] == '-')) {
                negativeExponent = v[i] == '-';
                i++;
            }
            int expDigits = 0;
            while (i < n && v[i] >= '0' && v[i] <= '9') {
                exponent = exponent * 10 + (v[i] - '0');
                expDigits++;
                i++;
            }
            if (expDigits == 0 || expDigits > 3) {
                return -1;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (digits > 18 || (i < n && !delimiter(v[i]))) {
            return -1; // too long for a long, or junk after the number
        }
        int end = i;
        if (!fraction && !hasExponent) {
            long l = negative ? -mantissa : mantissa;
            return integerToken(l, f, rows) ? end : -1;
        }
        int power = exponent - scale;
        double d;
        if (mantissa <= MAX_EXACT && power >= -22 && power <= 22) {
            // both operands exact: one correctly rounded operation, the double the JSON parser makes
            d = power >= 0 ? mantissa * POW10[power] : mantissa / POW10[-power];
            if (negative) {
                d = -d;
            }
        } else {
            d = Double.parseDouble(new String(v, start, end - start, StandardCharsets.US_ASCII));
        }
        return floatToken(d, f, rows) ? end : -1;
    }

    /** An integer JSON token, as the codec reads a {@code VALUE_NUMBER_INT} that fits a long. */
    private boolean integerToken(long l, Field f, RowBatch rows) {
        switch (f.kind) {
            case NUMERIC -> {
                return numeric((double) l, f, rows);
            }
            case INTEGER -> {
                return integer(l, f, rows);
            }
            case TIME -> {
                // epoch milliseconds
                Instant t = Instant.ofEpochMilli(l);
                if (!inWindow(t.getEpochSecond(), t.getNano())) {
                    return false;
                }
                rows.setTimestampMicros(f.column, Math.multiplyExact(l, 1_000L));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** A decimal JSON token ({@code VALUE_NUMBER_FLOAT}). */
    private boolean floatToken(double d, Field f, RowBatch rows) {
        switch (f.kind) {
            case NUMERIC -> {
                return numeric(d, f, rows);
            }
            case INTEGER -> {
                // 3.0 is an integer written by a producer that only has doubles; 3.5 is not
                if (!Double.isFinite(d) || d != Math.rint(d) || Math.abs(d) > 9.007199254740992E15) {
                    return false;
                }
                return integer((long) d, f, rows);
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean numeric(double d, Field f, RowBatch rows) {
        if (!Double.isFinite(d) || (f.min != null && d < f.min) || (f.max != null && d > f.max)) {
            return false;
        }
        rows.setDouble(f.column, d);
        return true;
    }

    private static boolean integer(long n, Field f, RowBatch rows) {
        if ((f.min != null && n < f.min) || (f.max != null && n > f.max)) {
            return false;
        }
        rows.setLong(f.column, n);
        return true;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} as microseconds since the epoch (rounded down), if it is a valid instant
     * within the spec's window; else {@link Long#MIN_VALUE}.
     */
    private long isoInstantMicros(byte[] v, int from, int len) {
        if (len < 20 || len > 30) {
            return Long.MIN_VALUE;
        }
        int year = digits(v, from, 4);
        int month = digits(v, from + 5, 2);
        int day = digits(v, from + 8, 2);
        int hour = digits(v, from + 11, 2);
        int minute = digits(v, from + 14, 2);
        int second = digits(v, from + 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || v[from + 4] != '-'
                || v[from + 7] != '-'
                || v[from + 10] != 'T'
                || v[from + 13] != ':'
                || v[from + 16] != ':'
                || v[from + len - 1] != 'Z'
                || day > monthLength(year, month)) {
            return Long.MIN_VALUE;
        }
        int nanos = 0;
        int fractionDigits = len - 21; // len = 20 without a fraction, 21 + its digits with one
        if (fractionDigits >= 1) {
            if (v[from + 19] != '.') {
                return Long.MIN_VALUE;
            }
            int fraction = digits(v, from + 20, fractionDigits);
            if (fraction < 0) {
                return Long.MIN_VALUE;
            }
            nanos = fraction * (int) POW10[9 - fractionDigits];
        } else if (len != 20) {
            return Long.MIN_VALUE;
        }
        long seconds = daysFromCivil(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
        if (!inWindow(seconds, nanos)) {
            return Long.MIN_VALUE;
        }
        return seconds * MICROS_PER_SECOND + nanos / 1_000;
    }

    /** Not before the earliest accepted time, not after the clock's now plus the allowed future. */
    private boolean inWindow(long seconds, int nanos) {
        if (seconds < earliest.getEpochSecond()
                || (seconds == earliest.getEpochSecond() && nanos < earliest.getNano())) {
            return false;
        }
        if (--clockReads < 0 || seconds >= latestSeconds) {
            // A reading at most CLOCK_EVERY times old is earlier than now, so it can only decline a time the codec
            // would accept (the codec then judges it), never accept one it would not; at the edge, read again.
            Instant latest = clock.instant().plus(maxFuture);
            latestSeconds = latest.getEpochSecond();
            latestNanos = latest.getNano();
            clockReads = CLOCK_EVERY;
        }
        return seconds < latestSeconds || (seconds == latestSeconds && nanos <= latestNanos);
    }

    /** {@code count} ASCII digits at {@code from} as a number, or -1. */
    private static int digits(byte[] v, int from, int count) {
        int r = 0;
        for (int i = from; i < from + count; i++) {
            int d = v[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            r = r * 10 + d;
        }
        return r;
    }

    private static int monthLength(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static int skipWs(byte[] v, int i) {
        while (i < v.length) {
            byte b = v[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return i;
            }
            i++;
        }
        return i;
    }

    @Override
    public String toString() {
        return "fast decoder of " + table + (enabled ? "" : " (disabled: the codec reads every record)");
    }
}
