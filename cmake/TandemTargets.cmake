# Compile settings for code we write. Generated and third-party code does not get -Werror.
function(tandem_strict target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
        # GCC 12 at -O3 reports std::string concatenation as overlapping memcpy (GCC bug 105329)
    # and Boost small_vector growth as an over-read: false positives of its new flow analysis.
    target_compile_options(${target} PRIVATE -Wno-restrict -Wno-stringop-overread)
  endif()
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()

# tandem_library(name SOURCES ... DEPS ...)
function(tandem_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  tandem_strict(${name})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# Makes the text of `file` available to `target` as
#   #include "embedded/<symbol>.hpp"   ->   tandem::embedded::<symbol> (a std::string_view).
# Used for the Lua scripts and the default configuration, which are easier to read and
# review as files of their own than as string literals.
function(tandem_embed_text target symbol file)
  file(READ ${file} content)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/generated)
  set(header ${dir}/embedded/${symbol}.hpp)
  file(WRITE ${header}.new
    "#pragma once\n#include <string_view>\nnamespace tandem::embedded {\n"
    "inline constexpr std::string_view ${symbol} = R\"tandem_embedded(${content})tandem_embedded\";\n"
    "}  // namespace tandem::embedded\n")
  configure_file(${header}.new ${header} COPYONLY)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
  target_include_directories(${target} PRIVATE ${dir})
endfunction()

# Every executable: strict warnings, and the sanitizer defaults in a TANDEM_SANITIZE build.
function(tandem_executable target)
  tandem_strict(${target})
  if(TANDEM_SANITIZE)
    target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/cmake/sanitizer_defaults.cpp)
    set_source_files_properties(${PROJECT_SOURCE_DIR}/cmake/sanitizer_defaults.cpp
      TARGET_DIRECTORY ${target}
      PROPERTIES COMPILE_DEFINITIONS "TANDEM_UBSAN_SUPPRESSIONS=\"${PROJECT_SOURCE_DIR}/cmake/ubsan.supp\"")
  endif()
endfunction()
