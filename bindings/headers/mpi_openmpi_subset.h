/* The subset of MPI (mpi.h of Open MPI 4.x/5.x, libmpi.so.40) that lfm binds: the include filter of the
 * jextract run in ../jextract.txt; bindings/generate.py reads it where jextract is not installed.
 * Open MPI's handles are pointers to predefined global objects: MPI_COMM_WORLD is &ompi_mpi_comm_world,
 * MPI_FLOAT &ompi_mpi_float, MPI_SUM &ompi_mpi_op_sum (the externs below give those addresses). The
 * prototypes are word for word those of mpi_mpich_subset.h; only the handle typedefs differ. */
typedef struct ompi_communicator_t *MPI_Comm;
typedef struct ompi_datatype_t *MPI_Datatype;
typedef struct ompi_op_t *MPI_Op;
typedef struct ompi_errhandler_t *MPI_Errhandler;

extern struct ompi_predefined_communicator_t ompi_mpi_comm_world;
extern struct ompi_predefined_datatype_t ompi_mpi_byte;
extern struct ompi_predefined_datatype_t ompi_mpi_int;
extern struct ompi_predefined_datatype_t ompi_mpi_float;
extern struct ompi_predefined_datatype_t ompi_mpi_double;
extern struct ompi_predefined_op_t ompi_mpi_op_sum;
extern struct ompi_predefined_op_t ompi_mpi_op_max;
extern struct ompi_predefined_errhandler_t ompi_mpi_errors_return;

#define MPI_SUCCESS 0
#define MPI_THREAD_FUNNELED 1
#define MPI_MAX_PROCESSOR_NAME 256
#define MPI_MAX_ERROR_STRING 256
#define MPI_MAX_LIBRARY_VERSION_STRING 256

int MPI_Initialized(int *flag);
int MPI_Finalized(int *flag);
int MPI_Init_thread(int *argc, char ***argv, int required, int *provided);
int MPI_Finalize(void);
int MPI_Abort(MPI_Comm comm, int errorcode);
int MPI_Comm_rank(MPI_Comm comm, int *rank);
int MPI_Comm_size(MPI_Comm comm, int *size);
int MPI_Comm_set_errhandler(MPI_Comm comm, MPI_Errhandler errhandler);
int MPI_Barrier(MPI_Comm comm);
int MPI_Bcast(void *buffer, int count, MPI_Datatype datatype, int root, MPI_Comm comm);
int MPI_Allgather(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm);
int MPI_Allgatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, const int *recvcounts, const int *displs, MPI_Datatype recvtype, MPI_Comm comm);
int MPI_Alltoall(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm);
int MPI_Allreduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm);
int MPI_Get_processor_name(char *name, int *resultlen);
int MPI_Get_library_version(char *version, int *resultlen);
int MPI_Error_string(int errorcode, char *string, int *resultlen);
