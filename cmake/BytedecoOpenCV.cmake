# Finds the OpenCV that ships inside org.bytedeco:opencv's platform jar (unpacked by Maven).
#
# The jar carries OpenCV's own OpenCVConfig.cmake, headers and libraries, but keeps each library as
# libopencv_<m>.so.<ver> at the platform root, while the config expects lib/libopencv_<m>.so. Rather than
# writing our own imported targets we stage a tiny prefix in the build tree (the config files plus links to
# the real libraries) and let OpenCV's config describe itself.
#
#   magicshield_find_bytedeco_opencv(<opencv-platform-dir> <openblas-platform-dir> COMPONENTS core dnn ...)
#
# Sets OpenCV_* like find_package(OpenCV) and MAGICSHIELD_RUNTIME_DIRS: the folders that hold the shared
# libraries at run time (for the rpath of our executables).
function(magicshield_find_bytedeco_opencv opencv_dir openblas_dir)
  cmake_parse_arguments(ARG "" "" "COMPONENTS" ${ARGN})
  foreach(dir IN ITEMS "${opencv_dir}" "${openblas_dir}")
    if(NOT IS_DIRECTORY "${dir}")
      message(FATAL_ERROR "Not a folder: '${dir}'. Point MAGICSHIELD_OPENCV_DIR / MAGICSHIELD_OPENBLAS_DIR at the "
                          "unpacked org/bytedeco/<lib>/<platform> folders of the bytedeco jars (Maven does this).")
    endif()
  endforeach()
  set(config_dir "${opencv_dir}/lib/cmake/opencv4")
  if(NOT EXISTS "${config_dir}/OpenCVConfig.cmake")
    message(FATAL_ERROR "${opencv_dir} has no lib/cmake/opencv4/OpenCVConfig.cmake: not an org.bytedeco:opencv platform jar?")
  endif()

  set(stage "${CMAKE_BINARY_DIR}/bytedeco-opencv")
  file(MAKE_DIRECTORY "${stage}/lib/cmake/opencv4")
  file(GLOB config_files "${config_dir}/*.cmake")
  file(COPY ${config_files} DESTINATION "${stage}/lib/cmake/opencv4")
  file(CREATE_LINK "${opencv_dir}/include" "${stage}/include" SYMBOLIC)
  file(GLOB libs "${opencv_dir}/libopencv_*.so.*")
  foreach(lib IN LISTS libs)
    get_filename_component(name "${lib}" NAME)
    string(REGEX REPLACE "\\.so\\..*$" ".so" plain "${name}")
    file(CREATE_LINK "${lib}" "${stage}/lib/${plain}" SYMBOLIC)
  endforeach()

  # The GPU build's config (linux-x86_64-gpu jar) demands the exact CUDA toolkit it was made with and makes every
  # consumer link cuBLAS, cuFFT and NPP from whatever toolkit it finds. We need none of that (its libraries find
  # CUDA's where they run), so for that build the libraries are named directly.
  file(STRINGS "${config_dir}/OpenCVConfig.cmake" opencv_cuda REGEX "^set\\(OpenCV_CUDA_VERSION ")
  if(opencv_cuda)
    include("${config_dir}/OpenCVConfig-version.cmake")
    set(OpenCV_INCLUDE_DIRS "${stage}/include/opencv4")
    set(OpenCV_LIBS "")
    foreach(component IN LISTS ARG_COMPONENTS)
      if(NOT EXISTS "${stage}/lib/libopencv_${component}.so")
        message(FATAL_ERROR "${opencv_dir} has no libopencv_${component}.so.*")
      endif()
      list(APPEND OpenCV_LIBS "${stage}/lib/libopencv_${component}.so")
    endforeach()
  else()
    find_package(OpenCV REQUIRED COMPONENTS ${ARG_COMPONENTS} CONFIG PATHS "${stage}/lib/cmake/opencv4" NO_DEFAULT_PATH)
  endif()

  # The jar's libraries carry a RUNPATH of the machine they were built on, so they do not find each other;
  # whoever links them also links OpenBLAS directly and preloads them through its own rpath (see README).
  find_library(MAGICSHIELD_OPENBLAS NAMES libopenblas.so.0 PATHS "${openblas_dir}" NO_DEFAULT_PATH REQUIRED)
  set(OpenCV_LIBS ${OpenCV_LIBS} "${MAGICSHIELD_OPENBLAS}" PARENT_SCOPE)
  set(OpenCV_INCLUDE_DIRS ${OpenCV_INCLUDE_DIRS} PARENT_SCOPE)
  set(OpenCV_VERSION ${OpenCV_VERSION} PARENT_SCOPE)
  set(MAGICSHIELD_RUNTIME_DIRS "${opencv_dir};${openblas_dir}" PARENT_SCOPE)
endfunction()
