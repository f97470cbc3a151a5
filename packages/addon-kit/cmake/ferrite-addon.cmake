# ferrite_addon(<target>): the settings every ferrite native addon shares, in one place.
#
# A package's CMakeLists.txt includes this file from ${FERRITE_ADDON_KIT_DIR} (ferrite-build-native
# passes it, with NODE_ADDON_API_DIR and, for a sanitizer build, FERRITE_SANITIZE), declares its
# SHARED library with its own sources, calls ferrite_addon() on it, then adds only what is its own.
include_guard(GLOBAL)

set(FERRITE_SANITIZE "" CACHE STRING "A -fsanitize= value (address, undefined, ...) for an instrumented build; empty for none")

function(ferrite_addon target)
  # Node loads `<target>.node` from build/Release (or build/Debug); the only exported symbol is
  # N-API's module registration, everything else stays hidden.
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    SUFFIX ".node"
    CXX_STANDARD 17
    CXX_STANDARD_REQUIRED ON
    CXX_VISIBILITY_PRESET hidden
  )
  if(CMAKE_JS_SRC)
    target_sources(${target} PRIVATE ${CMAKE_JS_SRC})
  endif()
  target_include_directories(${target} PRIVATE ${CMAKE_JS_INC} ${NODE_ADDON_API_DIR} ${FERRITE_ADDON_KIT_DIR}/include)
  target_link_libraries(${target} PRIVATE ${CMAKE_JS_LIB})
  # N-API 8 (Node >= 12.22/14.17/15.12/16; async cleanup hooks and type tags are in it); C++
  # exceptions off (every failure is a checked return value, see ferrite/addon_args.h).
  # SWALLOW_UNTHROWABLE_EXCEPTIONS: while a worker terminates, JavaScript cannot run and a throw
  # fails; node-addon-api would make that fatal for the whole process. Native paths treat it as
  # "stop now" instead.
  target_compile_definitions(${target} PRIVATE
    NAPI_VERSION=8
    NAPI_DISABLE_CPP_EXCEPTIONS
    NODE_ADDON_API_DISABLE_DEPRECATED
    NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS
  )
  # Node dlclose()s a context-aware addon when the last environment that loaded it ends (a
  # worker). Anything of ours still referenced then (a libuv close callback, a thread, a signal
  # handler, a callback OpenSSL keeps) would point into unmapped code: nodelete keeps the code
  # mapped for the life of the process. Each package says what it has at stake.
  target_link_options(${target} PRIVATE -Wl,-z,nodelete)
  # One warning set for every addon. C++ only: an assembly source (fibers' context switch) takes
  # none of these; quoted so the list stays one generator expression.
  target_compile_options(${target} PRIVATE "$<$<COMPILE_LANGUAGE:CXX>:-Wall;-Wextra;-Werror=return-type;-fno-exceptions>")
  if(FERRITE_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${FERRITE_SANITIZE} -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=${FERRITE_SANITIZE})
  endif()
endfunction()
