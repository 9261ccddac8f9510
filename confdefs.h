/* confdefs.h */
#define PACKAGE_NAME "cibscope"
#define PACKAGE_TARNAME "cibscope"
#define PACKAGE_VERSION "0.1.0"
#define PACKAGE_STRING "cibscope 0.1.0"
#define PACKAGE_BUGREPORT ""
#define PACKAGE_URL ""
#define PACKAGE "cibscope"
#define VERSION "0.1.0"
#define HAVE_LIBM 1
