package io.distill.teacher;

import io.distill.schemas.DistillException;
import org.bytedeco.openblas.global.openblas;

/**
 * Inverse of a symmetric positive-definite matrix by Cholesky factorisation (LAPACK potrf + potri) in
 * the OpenBLAS build that ND4J's CPU backend ships. ND4J's own {@code InvertMatrix} runs a generic
 * single-threaded kernel that takes minutes for a few thousand items; LAPACK takes about a second.
 */
final class SymmetricInverse {
    private SymmetricInverse() {
    }

    /**
     * Replaces the row-major n×n SPD matrix {@code a} by its inverse, in place, both triangles filled.
     *
     * @throws DistillException if the matrix is not positive definite (it always is once λ &gt; 0)
     */
    static void invertInPlace(final double[] a, final int n) {
        if (a.length < (long) n * n) {
            throw new IllegalArgumentException("matrix buffer holds " + a.length + " values, need " + (long) n * n);
        }
        int info = openblas.LAPACKE_dpotrf(openblas.LAPACK_ROW_MAJOR, (byte) 'L', n, a, n);
        if (info != 0) {
            throw new DistillException("Cholesky factorisation failed (LAPACK dpotrf info=" + info
                + "): the regularised Gram matrix is not positive definite; increase teacher.lambda");
        }
        info = openblas.LAPACKE_dpotri(openblas.LAPACK_ROW_MAJOR, (byte) 'L', n, a, n);
        if (info != 0) {
            throw new DistillException("inverse from Cholesky factor failed (LAPACK dpotri info=" + info + ")");
        }
        // potri fills the lower triangle only; mirror it.
        for (int i = 0; i < n; i++) {
            final int row = i * n;
            for (int j = i + 1; j < n; j++) {
                a[row + j] = a[j * n + i];
            }
        }
    }
}
