/* fcgi_min.c: the floor of the FastCGI path for `make bench`: a libfcgi responder that answers every request with the bytes of one file. */
#include <fcgiapp.h>
#include <stdio.h>
#include <stdlib.h>

/* Usage: fcgi_min FILE [TYPE [ENCODING]], with the listening socket on
 * stdin (spawn-fcgi). The file is read once; each answer is its bytes with
 * Content-Type TYPE (application/json) and, when given, Content-Encoding
 * ENCODING: the way aigo answers /api/v1/realtime-stats, or a page it
 * keeps gzipped. */
int
main(int argc, char **argv)
{
	FCGX_Request r;
	FILE *f;
	char *body;
	long len;
	const char *type = argc > 2 ? argv[2] : "application/json";
	const char *enc = argc > 3 ? argv[3] : NULL;

	if (argc < 2 || argc > 4 || (f = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: fcgi_min FILE [TYPE [ENCODING]]\n");
		return 2;
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	body = malloc((size_t)len + 1);
	if (body == NULL || fread(body, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "fcgi_min: cannot read %s\n", argv[1]);
		return 1;
	}
	fclose(f);
	FCGX_Init();
	FCGX_InitRequest(&r, 0, 0);
	while (FCGX_Accept_r(&r) >= 0) {
		FCGX_FPrintF(r.out,
		             "Status: 200 OK\r\n"
		             "Content-Type: %s\r\n"
		             "%s%s%s"
		             "Content-Length: %ld\r\n\r\n",
		             type, enc ? "Content-Encoding: " : "", enc ? enc : "",
		             enc ? "\r\n" : "", len);
		FCGX_PutStr(body, (int)len, r.out);
		FCGX_Finish_r(&r);
	}
	free(body);
	return 0;
}
