package io.distill.datasets;

/** The file formats {@link Datasets#open} reads. Any of them may be gzip-compressed (name ending in {@code .gz}). */
public enum DatasetFormat {
    /** Detect the format from the first line and the file name; see {@link Datasets#detectFormat}. */
    AUTO,
    /** UCI Online Retail CSV: InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country. */
    ONLINE_RETAIL,
    /** OTTO session JSON lines: {@code {"session": n, "events": [{"aid": n, "ts": ms, "type": "clicks"}]}}. */
    OTTO,
    /** MovieLens ratings: {@code u.data} (tabs), {@code ratings.dat} ({@code ::}) or {@code ratings.csv} (header). */
    MOVIELENS,
    /** {@code user,item,timestamp[,type[,value]]}, with or without a header line. */
    GENERIC_CSV
}
